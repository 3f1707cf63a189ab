import { Container, Table } from "@medusajs/ui"
import { PageHeader } from "../../../components/page-header"
import { TableHead } from "../../../components/table-head"
import { RuleRow } from "./rule-row"
import { rowsOf } from "./rows"
import type { OwnershipMap } from "./types"

/** One entity's ownership map: its default, each ownable field, and the regions that differ. */
export const EntityTable = ({ map, entity }: { map: OwnershipMap; entity: string }) => {
  const rows = rowsOf(map, entity)
  return (
    <Container className="divide-y p-0" data-testid={`ownership-table-${entity}`}>
      <PageHeader
        level="h2"
        title={<span className="capitalize">{entity}</span>}
        description={`${map.fields[entity]?.length ?? 0} ownable field(s); a region is listed where its owner differs.`}
      />
      <Table>
        <TableHead columns={["Field", "Region", "Owner", "Source", ""]} />
        <Table.Body>
          {rows.map((row) => (
            <RuleRow key={row.key} row={row} owners={map.owners} />
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}
