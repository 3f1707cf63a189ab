import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"

type Input = { paused: true; reason?: string } | { paused: false }

/** Pauses or resumes one connector for every worker; answers with its state as health sees it. */
export const useSetPaused = (name: string, onDone?: () => void) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: Input) =>
      sdk.client.fetch<{ connector: unknown }>(
        `/admin/syncguard/connectors/${encodeURIComponent(name)}/${input.paused ? "pause" : "resume"}`,
        { method: "POST", body: input.paused && input.reason ? { reason: input.reason } : {} }
      ),
    onSuccess: (_answer, input) => {
      toast.success(input.paused ? `${name} paused` : `${name} resumed`)
      onDone?.()
    },
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })
}
