import { Copy, Table, Text } from "@medusajs/ui"
import { JsonBlock } from "../../../components/json-block"
import { formatAge, formatDate } from "../../../lib/format"
import { FindingActions } from "./finding-actions"
import { FindingStatusBadge } from "./status-badges"
import type { DriftFinding } from "./types"

export const FINDING_COLUMNS = (connector: string) => [
  "Entity",
  "Remote id",
  "Field",
  "Medusa (ours)",
  `${connector} (theirs)`,
  "Status",
  "Repair",
  "",
]

/** A side's value; a record one side lacks (missing, orphaned) reads as absent, not as `null`. */
const Value = ({ value, absent }: { value: unknown; absent: boolean }) =>
  absent ? (
    <Text size="xsmall" className="text-ui-fg-muted">
      absent
    </Text>
  ) : (
    <JsonBlock value={value} bareStrings className="max-h-40 max-w-[240px]" />
  )

const Id = ({ id }: { id: string | null }) =>
  id ? (
    <div className="flex items-center gap-x-1">
      <Text size="small" className="max-w-[180px] break-all">
        {id}
      </Text>
      <Copy content={id} variant="mini" />
    </div>
  ) : (
    <>—</>
  )

export const FindingRow = ({ finding }: { finding: DriftFinding }) => (
  <Table.Row data-testid={`recon-finding-${finding.id}`} className="align-top">
    <Table.Cell className="py-2">
      <Id id={finding.entity_id} />
    </Table.Cell>
    <Table.Cell className="py-2">
      <Id id={finding.remote_id} />
    </Table.Cell>
    <Table.Cell className="py-2">{finding.field ?? "—"}</Table.Cell>
    <Table.Cell className="py-2">
      <Value value={finding.ours} absent={finding.kind === "orphaned"} />
    </Table.Cell>
    <Table.Cell className="py-2">
      <Value value={finding.theirs} absent={finding.kind === "missing"} />
    </Table.Cell>
    <Table.Cell className="py-2">
      <FindingStatusBadge status={finding.status} />
    </Table.Cell>
    <Table.Cell className="max-w-[260px] py-2">
      {finding.repair ? (
        <div className="flex flex-col">
          <Text size="xsmall" className="whitespace-normal break-words">
            {finding.repair}
          </Text>
          {finding.repaired_at && (
            <Text size="xsmall" className="text-ui-fg-muted" title={formatDate(finding.repaired_at)}>
              {finding.repaired_by ? `${finding.repaired_by}, ` : ""}
              {formatAge(finding.repaired_at)}
            </Text>
          )}
        </div>
      ) : (
        "—"
      )}
    </Table.Cell>
    <Table.Cell className="py-2">
      <FindingActions finding={finding} />
    </Table.Cell>
  </Table.Row>
)
