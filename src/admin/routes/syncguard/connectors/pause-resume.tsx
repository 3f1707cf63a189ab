import { Button, Input, Text, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { errorMessage } from "../../../lib/sdk"
import type { ConfiguredConnector } from "./types"
import { useSetPaused } from "./use-set-paused"

/** Messages that have not reached the remote yet: what a pause holds back and a resume lets go. */
const WAITING = ["pending", "in_flight", "retry_scheduled", "unknown"]

const messages = (n: number) => `${n} message${n === 1 ? "" : "s"}`

/** Pause (with an optional reason) or resume, each confirmed first. */
export const PauseResume = ({ connector: c }: { connector: ConfiguredConnector }) => {
  const prompt = usePrompt()
  const [reason, setReason] = useState("")
  const mutation = useSetPaused(c.name, () => setReason(""))
  const waiting = WAITING.reduce((n, status) => n + (c.queue?.[status] ?? 0), 0)

  const onPause = async () => {
    const why = reason.trim()
    const confirmed = await prompt({
      title: `Pause ${c.name}?`,
      description:
        `Nothing is sent to ${c.name} until it is resumed, by any worker. Its messages (${messages(waiting)} now) ` +
        `wait in the outbox without spending attempts and new ones queue behind them — nothing is lost.` +
        (why ? ` Reason recorded: "${why}".` : ""),
      confirmText: "Pause",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    mutation.mutate({ paused: true, reason: why || undefined })
  }

  const onResume = async () => {
    const confirmed = await prompt({
      title: `Resume ${c.name}?`,
      description:
        `Sending to ${c.name} starts again: the ${messages(waiting)} waiting in its outbox go out in order, ` +
        `at its rate limit.`,
      confirmText: "Resume",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    mutation.mutate({ paused: false })
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      {c.paused ? (
        <Button
          size="small"
          variant="secondary"
          isLoading={mutation.isPending}
          onClick={onResume}
          data-testid={`connector-resume-${c.name}`}
        >
          Resume
        </Button>
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
          <Button
            size="small"
            variant="secondary"
            isLoading={mutation.isPending}
            onClick={onPause}
            data-testid={`connector-pause-${c.name}`}
          >
            Pause
          </Button>
        </div>
      )}
      {mutation.error && (
        <Text
          size="xsmall"
          className="text-ui-fg-error max-w-[360px] break-words"
          data-testid={`connector-error-${c.name}`}
        >
          {errorMessage(mutation.error)}
        </Text>
      )}
    </div>
  )
}
