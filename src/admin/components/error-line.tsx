import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/sdk"

type ErrorLineProps = {
  /** an error as thrown (worded by errorMessage), or a sentence already worded */
  error: unknown
  testId?: string
  size?: "xsmall" | "small"
  className?: string
}

/** What went wrong with the last action, as the API worded it; stays until the next try. */
export const ErrorLine = ({ error, testId, size = "xsmall", className }: ErrorLineProps) => {
  if (!error) return null
  return (
    <Text size={size} className={clx("text-ui-fg-error break-words", className)} data-testid={testId}>
      {typeof error === "string" ? error : errorMessage(error)}
    </Text>
  )
}

type ActionGroupProps = {
  error: unknown
  errorTestId?: string
  /** width (and alignment) of the error line */
  errorClassName?: string
  children: ReactNode
}

/** Action buttons at the end of a row or header, with the last refusal under them. */
export const ActionGroup = ({ error, errorTestId, errorClassName, children }: ActionGroupProps) => (
  <div className="flex flex-col items-end gap-y-1">
    {children}
    <ErrorLine error={error} testId={errorTestId} className={errorClassName} />
  </div>
)
