import { Button } from "@medusajs/ui"
import type { ReactNode } from "react"
import { type Question, useConfirm } from "./confirm"
import { ActionGroup } from "./error-line"

export type Decision = {
  key: string
  label: string
  testId: string
  variant?: "secondary" | "transparent"
  /** asked first, with the label as the confirm button; null where the decision opens a dialog of its own */
  question: (() => Question) | null
  act: () => void
}

type Props = {
  decisions: Decision[]
  /** the key of the decision under way, null when none is */
  pending: string | null
  error: unknown
  errorTestId: string
  errorClassName: string
  /** the dialogs of the decisions that have their own */
  children?: ReactNode
}

/** The decisions on one item: the one under way spins, the others wait for it; a refusal stays under them. */
export const DecisionButtons = ({ decisions, pending, error, errorTestId, errorClassName, children }: Props) => {
  const confirm = useConfirm()
  return (
    <ActionGroup error={error} errorTestId={errorTestId} errorClassName={errorClassName}>
      <div className="flex gap-x-2">
        {decisions.map((d) => (
          <Button
            key={d.key}
            size="small"
            variant={d.variant ?? "secondary"}
            onClick={() => (d.question ? confirm({ ...d.question(), confirmText: d.label }, d.act) : d.act())}
            isLoading={pending === d.key}
            disabled={pending !== null}
            data-testid={d.testId}
          >
            {d.label}
          </Button>
        ))}
      </div>
      {children}
    </ActionGroup>
  )
}
