import { Button, usePrompt } from "@medusajs/ui"
import type { ComponentPropsWithoutRef } from "react"

export type Question = { title: string; description: string; variant?: "danger" | "confirmation" }

/**
 * Asks first, then acts. The dialog's confirm button carries the action's name (`confirmText`),
 * the same as the button that asked, so a browser test clicks one name twice.
 */
export function useConfirm() {
  const prompt = usePrompt()
  return async (question: Question & { confirmText: string }, action: () => void) => {
    if (await prompt({ ...question, cancelText: "Cancel" })) action()
  }
}

type ButtonProps = Omit<ComponentPropsWithoutRef<typeof Button>, "onClick" | "children">

type Props = ButtonProps & {
  /** the button's text and the dialog's confirm button */
  label: string
  /** worded when clicked, so it names what the action touches at that moment */
  question: () => Question
  onConfirm: () => void
}

/** A button whose action is confirmed first (destructive or remote-touching actions). */
export const ConfirmButton = ({
  label,
  question,
  onConfirm,
  size = "small",
  variant = "secondary",
  ...props
}: Props) => {
  const confirm = useConfirm()
  return (
    <Button
      size={size}
      variant={variant}
      onClick={() => confirm({ ...question(), confirmText: label }, onConfirm)}
      {...props}
    >
      {label}
    </Button>
  )
}
