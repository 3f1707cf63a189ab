import { toast } from "@medusajs/ui"
import { errorMessage, sdk } from "../../lib/sdk"
import { useSyncguardMutation } from "../use-syncguard-mutation"

type ReplayOutcome = { replayed: string[]; failures: { id: string; error: unknown }[] }

/** What went wrong with a replay, in one line an operator can act on. */
function describeFailures({ replayed, failures }: ReplayOutcome): string {
  const [first] = failures
  const total = replayed.length + failures.length
  return `Replayed ${replayed.length} of ${total}; ${first.id}: ${errorMessage(first.error)}`
}

/**
 * Replays dead messages one by one (the replay route takes one id); the caller asks first, with
 * "Replay" as the confirm button. A message that fails (e.g. someone replayed it meanwhile) does
 * not stop the others; the failure stays visible through `failure` until the next replay.
 */
export function useReplayMessages() {
  const mutation = useSyncguardMutation({
    mutationFn: async (ids: string[]): Promise<ReplayOutcome> => {
      const outcome: ReplayOutcome = { replayed: [], failures: [] }
      for (const id of ids) {
        try {
          await sdk.client.fetch(`/admin/syncguard/messages/${encodeURIComponent(id)}/replay`, {
            method: "POST",
            body: {},
          })
          outcome.replayed.push(id)
        } catch (error) {
          outcome.failures.push({ id, error })
        }
      }
      return outcome
    },
    onSuccess: (outcome) => {
      if (outcome.failures.length) toast.error(describeFailures(outcome))
      else {
        const n = outcome.replayed.length
        toast.success(`Replayed ${n} dead message${n === 1 ? "" : "s"}`)
      }
    },
  })

  const replay = (ids: string[]) => {
    if (ids.length) mutation.mutate(ids)
  }

  const failure = mutation.error
    ? errorMessage(mutation.error)
    : mutation.data?.failures.length
      ? describeFailures(mutation.data)
      : null

  return { replay, isPending: mutation.isPending, failure }
}
