import { Badge, Table } from "@medusajs/ui"
import { ClickableRow } from "../../../components/clickable-row"
import { PagedTable } from "../../../components/paged-table"
import type { PagingProps } from "../../../components/table-pagination"
import { formatAge, formatDate } from "../../../lib/format"
import { DeadLetter } from "./filters"

const COLUMNS = ["Id", "Connector", "Operation", "Entity", "Error class", "HTTP", "Last error", "Attempts", "Age"]

/** Ids share their time prefix (ULID): the tail tells rows apart. */
const shortId = (id: string) => `…${id.slice(-8)}`

const Row = ({ letter, onOpen }: { letter: DeadLetter; onOpen: (id: string) => void }) => (
  <ClickableRow data-testid={`dlq-row-${letter.id}`} onOpen={() => onOpen(letter.id)}>
    <Table.Cell title={letter.id}>
      <span className="font-mono">{shortId(letter.id)}</span>
    </Table.Cell>
    <Table.Cell>{letter.connector}</Table.Cell>
    <Table.Cell>{letter.operation}</Table.Cell>
    <Table.Cell className="max-w-[200px] truncate" title={`${letter.entity_type} ${letter.entity_id}`}>
      {letter.entity_type} <span className="text-ui-fg-subtle">{letter.entity_id}</span>
    </Table.Cell>
    <Table.Cell>
      {letter.error_class ? (
        <Badge size="2xsmall" color="red">
          {letter.error_class}
        </Badge>
      ) : (
        "—"
      )}
    </Table.Cell>
    <Table.Cell>{letter.last_http_status ?? "—"}</Table.Cell>
    <Table.Cell className="text-ui-fg-error max-w-[320px] truncate" title={letter.last_error ?? undefined}>
      {letter.last_error ?? "—"}
    </Table.Cell>
    <Table.Cell>{letter.attempts}</Table.Cell>
    <Table.Cell title={formatDate(letter.created_at)}>{formatAge(letter.created_at)}</Table.Cell>
  </ClickableRow>
)

type Props = PagingProps & { rows: DeadLetter[]; onOpen: (id: string) => void }

/** A page of dead letters; a click opens the message with its attempts. */
export const DeadLetterTable = ({ rows, onOpen, ...paging }: Props) => (
  <PagedTable columns={COLUMNS} rowCount={rows.length} {...paging}>
    {rows.map((letter) => (
      <Row key={letter.id} letter={letter} onOpen={onOpen} />
    ))}
  </PagedTable>
)
