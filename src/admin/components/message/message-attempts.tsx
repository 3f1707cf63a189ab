import { Badge, CodeBlock, Code, Copy, Text } from "@medusajs/ui"
import { formatDate, formatDuration } from "../../lib/format"
import { MessageStatusBadge } from "./message-status"

export type AttemptSnapshot = { request: unknown; response: unknown } | null

export type DeliveryAttempt = {
  id: string
  attempt_number: number
  started_at: string
  ended_at: string | null
  duration_ms: number | null
  outcome: string
  http_status: number | null
  error_class: string | null
  error_message: string | null
  traceparent: string | null
  worker: string | null
  verified_only: boolean
  resent_after_lookup: boolean
  snapshot: AttemptSnapshot
}

/**
 * By start time: a replay starts attempt numbers again at 1, so the number alone would interleave
 * the attempts before and after a replay.
 */
const inOrder = (attempts: DeliveryAttempt[]) =>
  [...attempts].sort(
    (a, b) => new Date(a.started_at).getTime() - new Date(b.started_at).getTime() || a.attempt_number - b.attempt_number
  )

const asJson = (value: unknown) => (typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "null"))

const Snapshot = ({ snapshot }: { snapshot: AttemptSnapshot }) => {
  if (!snapshot)
    return (
      <Text size="xsmall" className="text-ui-fg-muted">
        Snapshot expired (kept 72 h)
      </Text>
    )
  return (
    <CodeBlock
      snippets={[
        { label: "Request", language: "json", code: asJson(snapshot.request), hideLineNumbers: true },
        { label: "Response", language: "json", code: asJson(snapshot.response), hideLineNumbers: true },
      ]}
    >
      <CodeBlock.Header />
      <CodeBlock.Body className="max-h-[320px]" />
    </CodeBlock>
  )
}

const Attempt = ({ attempt }: { attempt: DeliveryAttempt }) => (
  <li className="flex flex-col gap-y-2 py-4" data-testid={`syncguard-attempt-${attempt.id}`}>
    <div className="flex flex-wrap items-center gap-2">
      <Text size="small" weight="plus">
        Attempt {attempt.attempt_number}
      </Text>
      <MessageStatusBadge status={attempt.outcome} />
      {attempt.http_status !== null && <Badge size="2xsmall">HTTP {attempt.http_status}</Badge>}
      {attempt.error_class && (
        <Badge size="2xsmall" color="red">
          {attempt.error_class}
        </Badge>
      )}
      {attempt.verified_only && (
        <Badge size="2xsmall" color="blue">
          verified only
        </Badge>
      )}
      {attempt.resent_after_lookup && (
        <Badge size="2xsmall" color="orange">
          resent after lookup
        </Badge>
      )}
    </div>
    <Text size="xsmall" className="text-ui-fg-subtle">
      Started {formatDate(attempt.started_at)} · took {formatDuration(attempt.duration_ms)}
      {attempt.worker ? ` · worker ${attempt.worker}` : ""}
    </Text>
    {attempt.error_message && (
      <Text size="small" className="text-ui-fg-error whitespace-pre-wrap break-words">
        {attempt.error_message}
      </Text>
    )}
    {attempt.traceparent && (
      <div className="flex items-center gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle">
          traceparent
        </Text>
        <Code className="break-all">{attempt.traceparent}</Code>
        <Copy content={attempt.traceparent} />
      </div>
    )}
    <Snapshot snapshot={attempt.snapshot} />
  </li>
)

/** Every delivery attempt of a message with what it sent and got back: the evidence of each retry. */
export const MessageAttempts = ({ attempts }: { attempts: DeliveryAttempt[] }) => {
  if (!attempts.length)
    return (
      <Text size="small" className="text-ui-fg-subtle">
        No attempt yet: the message waits for a worker.
      </Text>
    )
  return (
    <ol className="divide-y">
      {inOrder(attempts).map((a) => (
        <Attempt key={a.id} attempt={a} />
      ))}
    </ol>
  )
}
