import { Badge, StatusBadge, Table, Text } from "@medusajs/ui"
import { formatAge, formatDate } from "../../../lib/format"
import { ConflictActions } from "./conflict-actions"
import type { ConflictStatus, FieldConflict } from "./types"
import { ValueBlock } from "./value"

const STATUS_COLOR: Record<ConflictStatus, "orange" | "green" | "blue"> = {
  open: "orange",
  accepted: "green",
  kept: "blue",
}

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
      <ValueBlock value={c.current_value} testId={`conflict-ours-${c.id}`} />
    </Table.Cell>
    <Table.Cell>
      <ValueBlock value={c.incoming_value} testId={`conflict-incoming-${c.id}`} />
    </Table.Cell>
    <Table.Cell>
      <Badge size="2xsmall" color={c.owner === "medusa" ? "blue" : "purple"}>
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
      <StatusBadge color={STATUS_COLOR[c.status] ?? "grey"}>{c.status}</StatusBadge>
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
