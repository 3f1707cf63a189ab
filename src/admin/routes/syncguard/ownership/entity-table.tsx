import { Container, Heading, Table, Text } from "@medusajs/ui"
import { RuleRow } from "./rule-row"
import { rowsOf } from "./rows"
import type { OwnershipMap } from "./types"

/** One entity's ownership map: its default, each ownable field, and the regions that differ. */
export const EntityTable = ({ map, entity }: { map: OwnershipMap; entity: string }) => {
  const rows = rowsOf(map, entity)
  return (
    <Container className="divide-y p-0" data-testid={`ownership-table-${entity}`}>
      <div className="px-6 py-4">
        <Heading level="h2" className="capitalize">
          {entity}
        </Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {map.fields[entity]?.length ?? 0} ownable field(s); a region is listed where its owner differs.
        </Text>
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Field</Table.HeaderCell>
            <Table.HeaderCell>Region</Table.HeaderCell>
            <Table.HeaderCell>Owner</Table.HeaderCell>
            <Table.HeaderCell>Source</Table.HeaderCell>
            <Table.HeaderCell />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((row) => (
            <RuleRow key={row.key} row={row} owners={map.owners} />
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}
