import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"

type Input = { paused: true; reason?: string } | { paused: false }

/** Pauses or resumes one connector for every worker; answers with its state as health sees it. */
export const useSetPaused = (name: string, onDone?: () => void) =>
  useSyncguardMutation({
    mutationFn: (input: Input) =>
      sdk.client.fetch<{ connector: unknown }>(
        `/admin/syncguard/connectors/${encodeURIComponent(name)}/${input.paused ? "pause" : "resume"}`,
        { method: "POST", body: input.paused && input.reason ? { reason: input.reason } : {} }
      ),
    success: (_answer, input) => (input.paused ? `${name} paused` : `${name} resumed`),
    onSuccess: () => onDone?.(),
  })
