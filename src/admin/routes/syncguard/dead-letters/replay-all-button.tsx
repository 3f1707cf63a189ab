import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { DeadLetterFilters, describeFilters, filterBody } from "./filters"

/** The replay route's own cap per call. */
const MAX_REPLAY = 10_000

const plural = (n: number) => `${n} dead letter${n === 1 ? "" : "s"}`

/** The question names exactly how many dead letters move, and which. */
function replayQuestion(filters: DeadLetterFilters, count: number): string {
  const which = describeFilters(filters)
  const subject =
    count > MAX_REPLAY
      ? `the oldest ${MAX_REPLAY} of ${plural(count)}${which ? ` matching ${which}` : ""}`
      : which
        ? `${plural(count)} matching ${which}`
        : `all ${plural(count)}`
  const verb = Math.min(count, MAX_REPLAY) === 1 ? "It is" : "They are"
  return `Replay ${subject}? ${verb} queued again with a fresh attempt budget.`
}

type Props = { filters: DeadLetterFilters; count: number; disabled: boolean }

/** Replays what the table lists: the same filter goes to the replay route, capped at the listed count. */
export const ReplayAllButton = ({ filters, count, disabled }: Props) => {
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const mutation = useMutation({
    mutationFn: (body: Record<string, string | number>) =>
      sdk.client.fetch<{ replayed: number; ids: string[] }>("/admin/syncguard/dead-letters/replay", {
        method: "POST",
        body,
      }),
    onSuccess: ({ replayed }) => toast.success(`Replayed ${plural(replayed)}`),
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })

  const onClick = async () => {
    const confirmed = await prompt({
      title: "Replay all matching dead letters?",
      description: replayQuestion(filters, count),
      confirmText: "Replay all matching",
      cancelText: "Cancel",
    })
    if (!confirmed) return
    mutation.mutate({ ...filterBody(filters), limit: Math.min(count, MAX_REPLAY) })
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      <Button
        size="small"
        variant="secondary"
        disabled={disabled || count === 0}
        isLoading={mutation.isPending}
        onClick={onClick}
        data-testid="dlq-replay-all"
      >
        Replay all matching
      </Button>
      {mutation.error && (
        <Text size="xsmall" className="text-ui-fg-error max-w-[320px] break-words">
          {errorMessage(mutation.error)}
        </Text>
      )}
    </div>
  )
}
