import { Input } from "@medusajs/ui"
import { useState } from "react"
import { ConfirmButton } from "../../../components/confirm"
import { ActionGroup } from "../../../components/error-line"
import { waitingCount } from "../../../components/health/waiting"
import type { ConfiguredConnector } from "./types"
import { useSetPaused } from "./use-set-paused"

const messages = (n: number) => `${n} message${n === 1 ? "" : "s"}`

/** Pause (with an optional reason) or resume, each confirmed first. */
export const PauseResume = ({ connector: c }: { connector: ConfiguredConnector }) => {
  const [reason, setReason] = useState("")
  const mutation = useSetPaused(c.name, () => setReason(""))
  const waiting = waitingCount(c.queue)
  const why = reason.trim()

  const pauseQuestion = () => ({
    title: `Pause ${c.name}?`,
    description:
      `Nothing is sent to ${c.name} until it is resumed, by any worker. Its messages (${messages(waiting)} now) ` +
      `wait in the outbox without spending attempts and new ones queue behind them — nothing is lost.` +
      (why ? ` Reason recorded: "${why}".` : ""),
  })

  const resumeQuestion = () => ({
    title: `Resume ${c.name}?`,
    description:
      `Sending to ${c.name} starts again: the ${messages(waiting)} waiting in its outbox go out in order, ` +
      `at its rate limit.`,
  })

  return (
    <ActionGroup error={mutation.error} errorTestId={`connector-error-${c.name}`} errorClassName="max-w-[360px]">
      {c.paused ? (
        <ConfirmButton
          label="Resume"
          question={resumeQuestion}
          onConfirm={() => mutation.mutate({ paused: false })}
          isLoading={mutation.isPending}
          data-testid={`connector-resume-${c.name}`}
        />
      ) : (
        <div className="flex items-center gap-x-2">
          <Input
            size="small"
            className="w-[220px]"
            placeholder="Reason (optional)"
            aria-label={`Reason to pause ${c.name}`}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-testid={`connector-pause-reason-${c.name}`}
          />
          <ConfirmButton
            label="Pause"
            question={pauseQuestion}
            onConfirm={() => mutation.mutate({ paused: true, reason: why || undefined })}
            isLoading={mutation.isPending}
            data-testid={`connector-pause-${c.name}`}
          />
        </div>
      )}
    </ActionGroup>
  )
}
