import { Badge, Table, Text } from "@medusajs/ui"
import { JsonBlock } from "../../../components/json-block"
import { MappedStatusBadge } from "../../../components/mapped-status-badge"
import { CONFLICT_COLORS, ownerColor } from "../../../components/status-colors"
import { formatAge, formatDate } from "../../../lib/format"
import { ConflictActions } from "./conflict-actions"
import type { FieldConflict } from "./types"

export const CONFLICT_COLUMNS = [
  "Entity",
  "Field",
  "Connector",
  "Ours (Medusa)",
  "Incoming",
  "Owner",
  "Detected",
  "Status",
  "",
] as const

export const ConflictRow = ({ conflict: c }: { conflict: FieldConflict }) => (
  <Table.Row data-testid={`conflict-row-${c.id}`} className="[&_td]:py-3 [&_td]:align-top">
    <Table.Cell>
      <Text size="small" weight="plus">
        {c.entity_type}
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle break-all font-mono">
        {c.entity_id}
      </Text>
      {c.region && (
        <Text size="xsmall" className="text-ui-fg-muted">
          region {c.region}
        </Text>
      )}
    </Table.Cell>
    <Table.Cell className="font-mono">{c.field}</Table.Cell>
    <Table.Cell>{c.sender}</Table.Cell>
    <Table.Cell>
      <JsonBlock value={c.current_value} testId={`conflict-ours-${c.id}`} />
    </Table.Cell>
    <Table.Cell>
      <JsonBlock value={c.incoming_value} testId={`conflict-incoming-${c.id}`} />
    </Table.Cell>
    <Table.Cell>
      <Badge size="2xsmall" color={ownerColor(c.owner)}>
        {c.owner}
      </Badge>
      {c.reason === "promotion" && (
        <Text size="xsmall" className="text-ui-fg-muted">
          price list window open
        </Text>
      )}
    </Table.Cell>
    <Table.Cell>
      <Text size="small" title={formatDate(c.created_at)}>
        {formatAge(c.created_at)}
      </Text>
      {c.occurrences > 1 && (
        <Text size="xsmall" className="text-ui-fg-muted" title={formatDate(c.updated_at)}>
          {c.occurrences}× · last {formatAge(c.updated_at)}
        </Text>
      )}
    </Table.Cell>
    <Table.Cell>
      <MappedStatusBadge colors={CONFLICT_COLORS} status={c.status} />
      {c.decided_at && (
        <Text size="xsmall" className="text-ui-fg-muted" title={formatDate(c.decided_at)}>
          {c.decided_by ?? "unknown"} · {formatAge(c.decided_at)}
          {c.resent ? " · resent" : ""}
        </Text>
      )}
    </Table.Cell>
    <Table.Cell>
      <ConflictActions conflict={c} />
    </Table.Cell>
  </Table.Row>
)
