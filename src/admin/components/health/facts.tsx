import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

type FactProps = {
  label: ReactNode
  children: ReactNode
  /** on the value, so tests read the bare value */
  testId?: string
  tone?: "default" | "warning" | "error"
}

const TONE = { default: "", warning: "text-ui-tag-orange-text", error: "text-ui-fg-error" }

/** One label: value line of a connector's facts. */
export const Fact = ({ label, children, testId, tone = "default" }: FactProps) => (
  <div className="flex items-baseline justify-between gap-x-4">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="small" weight="plus" className={clx("text-right", TONE[tone])} data-testid={testId}>
      {children}
    </Text>
  </div>
)

/** A titled group of facts inside a connector card. */
export const FactGroup = ({ title, children }: { title: ReactNode; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <Text size="small" weight="plus" className="text-ui-fg-base mb-1">
      {title}
    </Text>
    {children}
  </div>
)

/** Numbers, booleans, dates and nested objects as one readable string. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—"
  if (typeof value === "boolean") return value ? "yes" : "no"
  if (typeof value === "number") return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(2)
  if (typeof value === "string") return value
  return JSON.stringify(value)
}
