import { Label, Prompt, Switch, Text } from "@medusajs/ui"
import { useState } from "react"
import { keepDescription } from "./describe"
import type { FieldConflict } from "./types"

type Props = {
  conflict: FieldConflict
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (resend: boolean) => void
}

/**
 * usePrompt takes a plain-text description only, so the customer case (where our value can be
 * sent back to the sender) gets this dialog with a resend switch; same buttons, same labels.
 */
export const KeepOursPrompt = ({ conflict, open, onOpenChange, onConfirm }: Props) => {
  const [resend, setResend] = useState(false)
  const switchId = `conflict-resend-${conflict.id}`

  return (
    <Prompt open={open} onOpenChange={onOpenChange} variant="confirmation">
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>Keep Medusa's value?</Prompt.Title>
          <Prompt.Description>{keepDescription(conflict, resend)}</Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-1 px-6 pb-4">
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
        </div>
        <Prompt.Footer>
          <Prompt.Cancel>Cancel</Prompt.Cancel>
          <Prompt.Action onClick={() => onConfirm(resend)}>Keep ours</Prompt.Action>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
