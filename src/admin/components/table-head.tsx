import { Table, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A column heading: its label, or the label with a tooltip or classes of its own. */
export type Column = string | { label?: ReactNode; title?: string; className?: string }

type Props = { columns: readonly Column[]; cellClassName?: string }

/** The header row of a simple Table. */
export const TableHead = ({ columns, cellClassName }: Props) => (
  <Table.Header>
    <Table.Row>
      {columns.map((column, i) => {
        const c = typeof column === "string" ? { label: column } : column
        return (
          <Table.HeaderCell key={i} title={c.title} className={clx(cellClassName, c.className) || undefined}>
            {c.label}
          </Table.HeaderCell>
        )
      })}
    </Table.Row>
  </Table.Header>
)
