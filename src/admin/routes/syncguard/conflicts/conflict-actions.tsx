import { useState } from "react"
import { DecisionButtons } from "../../../components/decision-buttons"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"
import { acceptDescription, canResend, keepDescription } from "./describe"
import { KeepOursPrompt } from "./keep-ours-prompt"
import type { FieldConflict, ResolveBody } from "./types"

/** The two decisions on an open conflict, each confirmed first; the API's refusal stays under the buttons. */
export const ConflictActions = ({ conflict }: { conflict: FieldConflict }) => {
  const [keepPromptOpen, setKeepPromptOpen] = useState(false)

  const resolve = useSyncguardMutation({
    mutationFn: (body: ResolveBody) =>
      sdk.client.fetch<{ conflict: FieldConflict }>(`/admin/syncguard/conflicts/${conflict.id}/resolve`, {
        method: "POST",
        body,
      }),
    success: (_, body) =>
      body.resolution === "accept_incoming"
        ? `${conflict.sender}'s ${conflict.field} applied to Medusa`
        : body.resend
          ? `Medusa's ${conflict.field} kept and sent to ${conflict.sender} again`
          : `Medusa's ${conflict.field} kept`,
  })

  if (conflict.status !== "open") return null

  // a customer's value can be sent back, so that case has its own dialog with a resend switch
  const resendable = canResend(conflict)

  return (
    <DecisionButtons
      decisions={[
        {
          key: "accept_incoming",
          label: "Accept incoming",
          testId: `conflict-accept-${conflict.id}`,
          question: () => ({ title: `Accept ${conflict.sender}'s value?`, description: acceptDescription(conflict) }),
          act: () => resolve.mutate({ resolution: "accept_incoming" }),
        },
        {
          key: "keep_ours",
          label: "Keep ours",
          testId: `conflict-keep-${conflict.id}`,
          question: resendable
            ? null
            : () => ({
                title: "Keep Medusa's value?",
                description: keepDescription(conflict, false),
                variant: "confirmation",
              }),
          act: () =>
            resendable ? setKeepPromptOpen(true) : resolve.mutate({ resolution: "keep_ours", resend: false }),
        },
      ]}
      pending={resolve.isPending ? (resolve.variables?.resolution ?? "") : null}
      error={resolve.error}
      errorTestId={`conflict-error-${conflict.id}`}
      errorClassName="max-w-[260px] whitespace-normal text-right"
    >
      {resendable && (
        <KeepOursPrompt
          conflict={conflict}
          open={keepPromptOpen}
          onOpenChange={setKeepPromptOpen}
          onConfirm={(resend) => resolve.mutate({ resolution: "keep_ours", resend })}
        />
      )}
    </DecisionButtons>
  )
}
