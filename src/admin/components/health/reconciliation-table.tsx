import { Table, Text, clx } from "@medusajs/ui"
import { formatAge, formatDate } from "../../lib/format"
import { TableHead } from "../table-head"
import type { ReconciliationHealth } from "./types"

const COLUMNS: Array<[key: keyof ReconciliationHealth, label: string, alert?: "warning" | "error"]> = [
  ["sent", "Sent"],
  ["acknowledged", "Acknowledged"],
  ["confirmed", "Confirmed"],
  ["remote_records", "Remote records"],
  ["unconfirmed", "Unconfirmed", "error"],
  ["applied_extra", "Applied extra", "error"],
  ["open_findings", "Open findings", "warning"],
]

const ALERT = { warning: "text-ui-tag-orange-text", error: "text-ui-fg-error" }

const HEAD = ["Entity", ...COLUMNS.map(([, label]) => ({ label, className: "text-right" })), "Last run"]

/** Sent vs applied per entity type, from each type's last completed reconciliation. */
export const ReconciliationTable = ({
  connector,
  reconciliation,
}: {
  connector: string
  reconciliation: Record<string, ReconciliationHealth>
}) => {
  const entries = Object.entries(reconciliation ?? {})
  if (entries.length === 0)
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid={`syncguard-connector-reconciliation-${connector}`}>
        No reconciliation yet
      </Text>
    )
  return (
    <Table data-testid={`syncguard-connector-reconciliation-${connector}`}>
      <TableHead columns={HEAD} />
      <Table.Body>
        {entries.map(([entity, r]) => (
          <Table.Row key={entity}>
            <Table.Cell>{entity}</Table.Cell>
            {COLUMNS.map(([key, , alert]) => {
              const n = Number(r[key] ?? 0)
              return (
                <Table.Cell key={key} className={clx("text-right", alert && n > 0 && ALERT[alert])}>
                  {n.toLocaleString()}
                </Table.Cell>
              )
            })}
            <Table.Cell title={formatDate(r.last_finished_at)}>
              {formatAge(r.last_finished_at)}
              {r.dry_run ? " (dry run)" : ""}
            </Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  )
}
