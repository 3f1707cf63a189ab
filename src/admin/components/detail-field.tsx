import { Copy, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

type Props = { label: string; children: ReactNode; /** shown with a copy button */ copy?: string | null }

/** One label and value line of a detail view (a message, a reconciliation run). */
export const DetailField = ({ label, children, copy }: Props) => (
  <div className="grid grid-cols-[140px_1fr] items-start gap-x-3 py-1.5">
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="flex min-w-0 items-start gap-x-1">
      <Text size="small" className="min-w-0 break-words">
        {children}
      </Text>
      {copy && <Copy content={copy} variant="mini" />}
    </div>
  </div>
)
