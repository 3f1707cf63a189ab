import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, SYNCGUARD_KEY } from "../lib/sdk"

type Options<TData, TVars> = {
  mutationFn: (vars: TVars) => Promise<TData>
  /** the success toast; leave it out to toast in onSuccess (e.g. a warning for a partial success) */
  success?: (data: TData, vars: TVars) => string
  onSuccess?: (data: TData, vars: TVars) => void
}

/**
 * A syncguard action: the API's refusal is toasted and kept on the mutation (`error`) for the line
 * under its button; every syncguard view refreshes afterwards, also after a refusal, which usually
 * means the state moved on (decided elsewhere, or a remote failure recorded on the item).
 */
export function useSyncguardMutation<TData, TVars = void>({ mutationFn, success, onSuccess }: Options<TData, TVars>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn,
    onSuccess: (data, vars) => {
      if (success) toast.success(success(data, vars))
      onSuccess?.(data, vars)
    },
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })
}
