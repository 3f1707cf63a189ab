import { Prompt } from "@medusajs/ui"
import type { ReactNode } from "react"

type Props = {
  open: boolean
  onOpenChange: (open: boolean) => void
  title: string
  description: string
  /** the confirm button: the name of the button that opened the dialog */
  confirmText: string
  onConfirm: () => void
  /** the field usePrompt has no room for (a reason, a switch) */
  children: ReactNode
}

/**
 * usePrompt takes plain text only; a confirmation that also takes an input gets this dialog:
 * the same title, description and buttons (Cancel, the action's name), with the input between.
 */
export const ConfirmPrompt = ({ open, onOpenChange, title, description, confirmText, onConfirm, children }: Props) => (
  <Prompt open={open} onOpenChange={onOpenChange} variant="confirmation">
    <Prompt.Content>
      <Prompt.Header>
        <Prompt.Title>{title}</Prompt.Title>
        <Prompt.Description>{description}</Prompt.Description>
      </Prompt.Header>
      <div className="flex flex-col gap-y-1 px-6 pb-4">{children}</div>
      <Prompt.Footer>
        <Prompt.Cancel>Cancel</Prompt.Cancel>
        <Prompt.Action onClick={onConfirm}>{confirmText}</Prompt.Action>
      </Prompt.Footer>
    </Prompt.Content>
  </Prompt>
)
