import { Button, StatusBadge, Table } from "@medusajs/ui"
import { PagedTable } from "../../../components/paged-table"
import type { PagingProps } from "../../../components/table-pagination"
import { formatAge, formatDate } from "../../../lib/format"
import { BufferSourceBadge, bufferInputs } from "./buffer-facts"
import { sendingAmount, type StockPublication } from "./types"

const COLUMNS = [
  "SKU",
  "Variant",
  "Connector",
  "Available",
  "Buffer",
  "Buffer inputs",
  { label: "Published", title: "what the marketplace shows: acknowledged by it" },
  "Sending",
  "Last acknowledged",
  "Stock",
  "",
]

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

type Props = PagingProps & { rows: StockPublication[]; onSetBuffer: (row: StockPublication) => void }

/** A page of published stock, one row per SKU and marketplace. */
export const StockTable = ({ rows, onSetBuffer, ...paging }: Props) => (
  <PagedTable columns={COLUMNS} rowCount={rows.length} {...paging}>
    {rows.map((row) => (
      <Row key={`${row.connector}/${row.variant_id}`} row={row} onSetBuffer={onSetBuffer} />
    ))}
  </PagedTable>
)
