import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { acceptDescription, canResend, keepDescription } from "./describe"
import { KeepOursPrompt } from "./keep-ours-prompt"
import type { FieldConflict, ResolveBody } from "./types"

/** The two decisions on an open conflict, each confirmed first; the API's refusal stays under the buttons. */
export const ConflictActions = ({ conflict }: { conflict: FieldConflict }) => {
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const [keepPromptOpen, setKeepPromptOpen] = useState(false)

  const resolve = useMutation({
    mutationFn: (body: ResolveBody) =>
      sdk.client.fetch<{ conflict: FieldConflict }>(`/admin/syncguard/conflicts/${conflict.id}/resolve`, {
        method: "POST",
        body,
      }),
    onSuccess: (_, body) => {
      const what =
        body.resolution === "accept_incoming"
          ? `${conflict.sender}'s ${conflict.field} applied to Medusa`
          : body.resend
            ? `Medusa's ${conflict.field} kept and sent to ${conflict.sender} again`
            : `Medusa's ${conflict.field} kept`
      toast.success(what)
      queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] })
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  if (conflict.status !== "open") return null

  const accept = async () => {
    const ok = await prompt({
      title: `Accept ${conflict.sender}'s value?`,
      description: acceptDescription(conflict),
      confirmText: "Accept incoming",
      cancelText: "Cancel",
    })
    if (ok) resolve.mutate({ resolution: "accept_incoming" })
  }

  const keep = async () => {
    if (canResend(conflict)) return setKeepPromptOpen(true)
    const ok = await prompt({
      title: "Keep Medusa's value?",
      description: keepDescription(conflict, false),
      confirmText: "Keep ours",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (ok) resolve.mutate({ resolution: "keep_ours", resend: false })
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      <div className="flex gap-x-2">
        <Button
          size="small"
          variant="secondary"
          onClick={accept}
          isLoading={resolve.isPending && resolve.variables?.resolution === "accept_incoming"}
          disabled={resolve.isPending}
          data-testid={`conflict-accept-${conflict.id}`}
        >
          Accept incoming
        </Button>
        <Button
          size="small"
          variant="secondary"
          onClick={keep}
          isLoading={resolve.isPending && resolve.variables?.resolution === "keep_ours"}
          disabled={resolve.isPending}
          data-testid={`conflict-keep-${conflict.id}`}
        >
          Keep ours
        </Button>
      </div>
      {resolve.isError && (
        <Text
          size="xsmall"
          className="text-ui-fg-error max-w-[260px] whitespace-normal text-right"
          data-testid={`conflict-error-${conflict.id}`}
        >
          {errorMessage(resolve.error)}
        </Text>
      )}
      {canResend(conflict) && (
        <KeepOursPrompt
          conflict={conflict}
          open={keepPromptOpen}
          onOpenChange={setKeepPromptOpen}
          onConfirm={(resend) => resolve.mutate({ resolution: "keep_ours", resend })}
        />
      )}
    </div>
  )
}
