import { Drawer, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { formatDate } from "../../lib/format"
import { sdk, SYNCGUARD_KEY } from "../../lib/sdk"
import { ConfirmButton } from "../confirm"
import { DetailField as Field } from "../detail-field"
import { ErrorLine } from "../error-line"
import { QueryState } from "../query-state"
import { DeliveryAttempt, MessageAttempts } from "./message-attempts"
import { MessageStatusBadge } from "./message-status"
import { useReplayMessages } from "./use-replay-messages"

export type OutboxMessageDetail = {
  id: string
  connector: string
  operation: string
  entity_type: string
  entity_id: string
  idempotency_key: string
  correlation_id: string
  status: string
  attempts: number
  max_attempts: number
  last_error: string | null
  last_http_status: number | null
  remote_id: string | null
  created_at: string
  next_attempt_at: string | null
  delivered_at: string | null
  delivery_attempts: DeliveryAttempt[]
}

const MessageDetails = ({ message }: { message: OutboxMessageDetail }) => {
  const { replay, isPending, failure } = useReplayMessages()

  const question = () => ({
    title: "Replay this dead letter?",
    description:
      `Replay message ${message.id} (${message.operation} ${message.entity_type} ${message.entity_id}) ` +
      `to ${message.connector}? It is queued again with a fresh attempt budget; a worker looks it up on ` +
      `${message.connector} before sending it again.`,
  })

  return (
    <div className="flex flex-col gap-y-6">
      <div className="flex items-center justify-between gap-x-2">
        <MessageStatusBadge status={message.status} data-testid="syncguard-message-status" />
        {message.status === "dead" && (
          <ConfirmButton
            label="Replay"
            question={question}
            onConfirm={() => replay([message.id])}
            isLoading={isPending}
            data-testid="syncguard-message-replay"
          />
        )}
      </div>
      <ErrorLine error={failure} size="small" />
      <div className="divide-y">
        <Field label="Connector">{message.connector}</Field>
        <Field label="Operation">{message.operation}</Field>
        <Field label="Entity">
          {message.entity_type} {message.entity_id}
        </Field>
        <Field label="Idempotency key" copy={message.idempotency_key}>
          {message.idempotency_key}
        </Field>
        <Field label="Correlation id" copy={message.correlation_id}>
          {message.correlation_id}
        </Field>
        <Field label="Remote id" copy={message.remote_id}>
          {message.remote_id ?? "—"}
        </Field>
        <Field label="Attempts">
          {message.attempts} / {message.max_attempts}
        </Field>
        <Field label="Last error">
          {message.last_error ? (
            <span className="text-ui-fg-error whitespace-pre-wrap break-words">
              {message.last_http_status !== null ? `HTTP ${message.last_http_status}: ` : ""}
              {message.last_error}
            </span>
          ) : (
            "—"
          )}
        </Field>
        <Field label="Created">{formatDate(message.created_at)}</Field>
        <Field label="Next attempt">
          {["pending", "retry_scheduled", "unknown"].includes(message.status)
            ? formatDate(message.next_attempt_at)
            : "—"}
        </Field>
        <Field label="Delivered">{formatDate(message.delivered_at)}</Field>
      </div>
      <div className="flex flex-col gap-y-2">
        <Heading level="h3">Delivery attempts</Heading>
        <MessageAttempts attempts={message.delivery_attempts} />
      </div>
    </div>
  )
}

type Props = { messageId: string | null; onClose: () => void }

/** One outbox message, live: its state, every attempt with its evidence, and a replay when it is dead. */
export const MessageDrawer = ({ messageId, onClose }: Props) => {
  const { data, isLoading, error } = useQuery({
    queryKey: [SYNCGUARD_KEY, "message", messageId],
    queryFn: () =>
      sdk.client.fetch<{ message: OutboxMessageDetail }>(
        `/admin/syncguard/messages/${encodeURIComponent(messageId ?? "")}`
      ),
    enabled: messageId !== null,
    // short: after a replay the operator watches unknown → delivered happen
    refetchInterval: 3000,
  })

  return (
    <Drawer open={messageId !== null} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="syncguard-message-drawer">
        <Drawer.Header>
          <Drawer.Title asChild>
            <Heading>Message</Heading>
          </Drawer.Title>
          <Drawer.Description>
            <Text size="small" className="text-ui-fg-subtle break-all">
              {messageId}
            </Text>
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="overflow-y-auto">
          <QueryState isLoading={isLoading} error={error}>
            {data && <MessageDetails message={data.message} />}
          </QueryState>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
