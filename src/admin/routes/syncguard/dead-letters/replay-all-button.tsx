import { ConfirmButton } from "../../../components/confirm"
import { ActionGroup } from "../../../components/error-line"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"
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
  const mutation = useSyncguardMutation({
    mutationFn: (body: Record<string, string | number>) =>
      sdk.client.fetch<{ replayed: number; ids: string[] }>("/admin/syncguard/dead-letters/replay", {
        method: "POST",
        body,
      }),
    success: ({ replayed }) => `Replayed ${plural(replayed)}`,
  })

  return (
    <ActionGroup error={mutation.error} errorClassName="max-w-[320px]">
      <ConfirmButton
        label="Replay all matching"
        question={() => ({ title: "Replay all matching dead letters?", description: replayQuestion(filters, count) })}
        onConfirm={() => mutation.mutate({ ...filterBody(filters), limit: Math.min(count, MAX_REPLAY) })}
        disabled={disabled || count === 0}
        isLoading={mutation.isPending}
        data-testid="dlq-replay-all"
      />
    </ActionGroup>
  )
}
