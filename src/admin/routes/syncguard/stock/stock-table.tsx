import { Button, StatusBadge, Table, Text } from "@medusajs/ui"
import { formatAge, formatDate } from "../../../lib/format"
import { BufferSourceBadge, bufferInputs } from "./buffer-facts"
import { sendingAmount, type StockPublication } from "./types"

const Row = ({ row, onSetBuffer }: { row: StockPublication; onSetBuffer: (row: StockPublication) => void }) => {
  const key = `${row.connector}-${row.variant_id}`
  const sending = sendingAmount(row)
  return (
    <Table.Row data-testid={`stock-row-${key}`}>
      <Table.Cell className="font-medium">{row.sku ?? "—"}</Table.Cell>
      <Table.Cell className="max-w-[180px] truncate" title={row.variant_id}>
        <span className="font-mono text-ui-fg-subtle">{row.variant_id}</span>
      </Table.Cell>
      <Table.Cell>{row.connector}</Table.Cell>
      <Table.Cell data-testid={`stock-available-${key}`}>{row.available}</Table.Cell>
      <Table.Cell>
        <div className="flex items-center gap-x-2" data-testid={`stock-buffer-${key}`}>
          <span>{row.buffer}</span>
          <BufferSourceBadge source={row.buffer_source} />
        </div>
      </Table.Cell>
      <Table.Cell
        className="text-ui-fg-subtle whitespace-nowrap"
        title={row.computed_at ? `computed ${formatDate(row.computed_at)}` : "not computed yet"}
      >
        {bufferInputs(row)}
      </Table.Cell>
      <Table.Cell data-testid={`stock-published-${key}`}>{row.published_amount ?? "—"}</Table.Cell>
      <Table.Cell data-testid={`stock-sending-${key}`}>
        {sending === null ? "—" : <StatusBadge color="blue">{sending} in flight</StatusBadge>}
      </Table.Cell>
      <Table.Cell title={formatDate(row.published_at)}>
        {row.published_at ? formatAge(row.published_at) : "never"}
      </Table.Cell>
      <Table.Cell>
        {row.low_stock ? (
          <StatusBadge color="orange" data-testid={`stock-low-${key}`} title="the buffer takes all that is available">
            low stock
          </StatusBadge>
        ) : (
          "—"
        )}
      </Table.Cell>
      <Table.Cell className="text-right">
        <Button
          size="small"
          variant="secondary"
          onClick={() => onSetBuffer(row)}
          data-testid={`stock-set-buffer-${key}`}
        >
          Set buffer
        </Button>
      </Table.Cell>
    </Table.Row>
  )
}

type Props = {
  rows: StockPublication[]
  count: number
  pageSize: number
  pageIndex: number
  onPageChange: (pageIndex: number) => void
  onSetBuffer: (row: StockPublication) => void
}

/** A page of published stock, one row per SKU and marketplace. */
export const StockTable = ({ rows, count, pageSize, pageIndex, onPageChange, onSetBuffer }: Props) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <div className="flex flex-col">
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>SKU</Table.HeaderCell>
              <Table.HeaderCell>Variant</Table.HeaderCell>
              <Table.HeaderCell>Connector</Table.HeaderCell>
              <Table.HeaderCell>Available</Table.HeaderCell>
              <Table.HeaderCell>Buffer</Table.HeaderCell>
              <Table.HeaderCell>Buffer inputs</Table.HeaderCell>
              <Table.HeaderCell title="what the marketplace shows: acknowledged by it">Published</Table.HeaderCell>
              <Table.HeaderCell>Sending</Table.HeaderCell>
              <Table.HeaderCell>Last acknowledged</Table.HeaderCell>
              <Table.HeaderCell>Stock</Table.HeaderCell>
              <Table.HeaderCell />
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((row) => (
              <Row key={`${row.connector}/${row.variant_id}`} row={row} onSetBuffer={onSetBuffer} />
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
