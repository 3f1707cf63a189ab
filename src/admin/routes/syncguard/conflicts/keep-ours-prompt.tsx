import { Label, Switch, Text } from "@medusajs/ui"
import { useState } from "react"
import { ConfirmPrompt } from "../../../components/confirm-prompt"
import { keepDescription } from "./describe"
import type { FieldConflict } from "./types"

type Props = {
  conflict: FieldConflict
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (resend: boolean) => void
}

/** The customer case, where our value can be sent back to the sender: "Keep ours" with a resend switch. */
export const KeepOursPrompt = ({ conflict, open, onOpenChange, onConfirm }: Props) => {
  const [resend, setResend] = useState(false)
  const switchId = `conflict-resend-${conflict.id}`

  return (
    <ConfirmPrompt
      open={open}
      onOpenChange={onOpenChange}
      title="Keep Medusa's value?"
      description={keepDescription(conflict, resend)}
      confirmText="Keep ours"
      onConfirm={() => onConfirm(resend)}
    >
      <div className="flex items-center gap-x-2">
        <Switch id={switchId} checked={resend} onCheckedChange={setResend} data-testid={switchId} />
        <Label htmlFor={switchId} size="small">
          Send Medusa's value to {conflict.sender} again
        </Label>
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">
        Works when {conflict.sender} takes customer updates from syncguard; otherwise the request is refused and the
        conflict stays open.
      </Text>
    </ConfirmPrompt>
  )
}
