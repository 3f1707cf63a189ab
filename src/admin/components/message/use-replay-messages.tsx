import { toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../lib/sdk"

type ReplayOutcome = { replayed: string[]; failures: { id: string; error: unknown }[] }

/** What went wrong with a replay, in one line an operator can act on. */
function describeFailures({ replayed, failures }: ReplayOutcome): string {
  const [first] = failures
  const total = replayed.length + failures.length
  return `Replayed ${replayed.length} of ${total}; ${first.id}: ${errorMessage(first.error)}`
}

/**
 * Replays dead messages one by one (the replay route takes one id), after asking. A message
 * that fails (e.g. someone replayed it meanwhile) does not stop the others; the failure stays
 * visible through `failure` until the next replay.
 */
export function useReplayMessages() {
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const mutation = useMutation({
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
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })

  const replay = async (ids: string[], question: { title: string; description: string }) => {
    if (!ids.length) return
    if (!(await prompt({ ...question, confirmText: "Replay", cancelText: "Cancel" }))) return
    mutation.mutate(ids)
  }

  const failure = mutation.error
    ? errorMessage(mutation.error)
    : mutation.data?.failures.length
      ? describeFailures(mutation.data)
      : null

  return { replay, isPending: mutation.isPending, failure }
}
