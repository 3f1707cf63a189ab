import { Badge, Table, Text } from "@medusajs/ui"
import { formatAge, formatDate } from "../../../lib/format"
import { describeReason, type ScopeViolation } from "./types"

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

type Props = {
  rows: ScopeViolation[]
  count: number
  pageSize: number
  pageIndex: number
  onPageChange: (pageIndex: number) => void
}

/** Recorded scope violations, newest first: which customer asked, and which foreign invoice came back. */
export const ViolationsTable = ({ rows, count, pageSize, pageIndex, onPageChange }: Props) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <div className="flex flex-col">
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>When</Table.HeaderCell>
              <Table.HeaderCell>Customer</Table.HeaderCell>
              <Table.HeaderCell>Connector</Table.HeaderCell>
              <Table.HeaderCell>What leaked</Table.HeaderCell>
              <Table.HeaderCell>CRM call</Table.HeaderCell>
              <Table.HeaderCell title="times this invoice came back for this call">Count</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((v) => (
              <Row key={v.id} violation={v} />
            ))}
          </Table.Body>
        </Table>
      </div>
      {rows.length === 0 && (
        <Text size="small" className="text-ui-fg-subtle px-6 py-4">
          Nothing on this page.
        </Text>
      )}
      <Table.Pagination
        count={count}
        pageSize={pageSize}
        pageIndex={pageIndex}
        pageCount={pageCount}
        canPreviousPage={pageIndex > 0}
        canNextPage={pageIndex + 1 < pageCount}
        previousPage={() => onPageChange(pageIndex - 1)}
        nextPage={() => onPageChange(pageIndex + 1)}
      />
    </div>
  )
}
