import { Badge, Table, Text } from "@medusajs/ui"
import { formatAge, formatDate } from "../../../lib/format"
import { DeadLetter } from "./filters"

/** Ids share their time prefix (ULID): the tail tells rows apart. */
const shortId = (id: string) => `…${id.slice(-8)}`

const Row = ({ letter, onOpen }: { letter: DeadLetter; onOpen: (id: string) => void }) => (
  <Table.Row
    data-testid={`dlq-row-${letter.id}`}
    className="cursor-pointer"
    tabIndex={0}
    onClick={() => onOpen(letter.id)}
    onKeyDown={(e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault()
        onOpen(letter.id)
      }
    }}
  >
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
  </Table.Row>
)

type Props = {
  rows: DeadLetter[]
  count: number
  pageSize: number
  pageIndex: number
  onPageChange: (pageIndex: number) => void
  onOpen: (id: string) => void
}

/** A page of dead letters; a click opens the message with its attempts. */
export const DeadLetterTable = ({ rows, count, pageSize, pageIndex, onPageChange, onOpen }: Props) => {
  const pageCount = Math.max(1, Math.ceil(count / pageSize))
  return (
    <div className="flex flex-col">
      <div className="overflow-x-auto">
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Id</Table.HeaderCell>
              <Table.HeaderCell>Connector</Table.HeaderCell>
              <Table.HeaderCell>Operation</Table.HeaderCell>
              <Table.HeaderCell>Entity</Table.HeaderCell>
              <Table.HeaderCell>Error class</Table.HeaderCell>
              <Table.HeaderCell>HTTP</Table.HeaderCell>
              <Table.HeaderCell>Last error</Table.HeaderCell>
              <Table.HeaderCell>Attempts</Table.HeaderCell>
              <Table.HeaderCell>Age</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((letter) => (
              <Row key={letter.id} letter={letter} onOpen={onOpen} />
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
