import { Badge, Table } from "@medusajs/ui"
import { PagedTable } from "../../../components/paged-table"
import type { PagingProps } from "../../../components/table-pagination"
import { formatAge, formatDate } from "../../../lib/format"
import { describeReason, type ScopeViolation } from "./types"

const COLUMNS = [
  "When",
  "Customer",
  "Connector",
  "What leaked",
  "CRM call",
  { label: "Count", title: "times this invoice came back for this call" },
]

const Row = ({ violation: v }: { violation: ScopeViolation }) => (
  <Table.Row data-testid={`scope-violation-row-${v.id}`}>
    <Table.Cell title={formatDate(v.created_at)} className="whitespace-nowrap">
      {formatAge(v.created_at)}
    </Table.Cell>
    <Table.Cell className="font-mono">{v.customer_id}</Table.Cell>
    <Table.Cell>{v.connector}</Table.Cell>
    <Table.Cell>
      <div className="flex flex-col gap-y-1">
        <span>
          invoice <span className="font-mono">{v.invoice_id}</span> {describeReason(v.reason)}
        </span>
        <Badge size="2xsmall" color="red" className="self-start">
          {v.reason}
        </Badge>
      </div>
    </Table.Cell>
    <Table.Cell className="max-w-[320px] truncate font-mono text-ui-fg-subtle" title={v.query}>
      {v.query}
    </Table.Cell>
    <Table.Cell>{v.count}</Table.Cell>
  </Table.Row>
)

/** Recorded scope violations, newest first: which customer asked, and which foreign invoice came back. */
export const ViolationsTable = ({ rows, ...paging }: PagingProps & { rows: ScopeViolation[] }) => (
  <PagedTable columns={COLUMNS} rowCount={rows.length} {...paging}>
    {rows.map((v) => (
      <Row key={v.id} violation={v} />
    ))}
  </PagedTable>
)
