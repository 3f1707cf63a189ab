import { Table, Text, clx } from "@medusajs/ui"
import { ClickableRow } from "../../../components/clickable-row"
import { TableHead } from "../../../components/table-head"
import { formatAge, formatDate, formatDuration } from "../../../lib/format"
import { RunStatusBadge } from "./status-badges"
import { runDurationMs, type ReconciliationRun } from "./types"

type CountKey = keyof Pick<
  ReconciliationRun,
  | "checked"
  | "missing"
  | "mismatched"
  | "duplicated"
  | "orphaned"
  | "repaired"
  | "in_flight"
  | "sent"
  | "acknowledged"
  | "confirmed"
  | "remote_records"
>

/** Every count a run keeps; the drift kinds stand out when non-zero. */
export const RUN_COUNT_COLUMNS: Array<{ key: CountKey; label: string; drift?: boolean }> = [
  { key: "checked", label: "Checked" },
  { key: "missing", label: "Missing", drift: true },
  { key: "mismatched", label: "Mismatched", drift: true },
  { key: "duplicated", label: "Duplicated", drift: true },
  { key: "orphaned", label: "Orphaned", drift: true },
  { key: "repaired", label: "Repaired" },
  { key: "in_flight", label: "In flight" },
  { key: "sent", label: "Sent" },
  { key: "acknowledged", label: "Acknowledged" },
  { key: "confirmed", label: "Confirmed" },
  { key: "remote_records", label: "Remote records" },
]

const COLUMNS = [
  "Started",
  "Connector",
  "Entity",
  "Dry run",
  "Trigger",
  "Status",
  ...RUN_COUNT_COLUMNS.map((c) => ({ label: c.label, className: "whitespace-nowrap text-right" })),
  { label: "Duration", className: "text-right" },
  "Error",
]

type Props = { runs: ReconciliationRun[]; selectedId: string | null; onOpen: (id: string) => void }

export const RunsTable = ({ runs, selectedId, onOpen }: Props) => (
  <div className="overflow-x-auto">
    <Table data-testid="recon-runs">
      <TableHead columns={COLUMNS} />
      <Table.Body>
        {runs.map((run) => (
          <ClickableRow
            key={run.id}
            data-testid={`recon-run-${run.id}`}
            className={clx(selectedId === run.id && "bg-ui-bg-highlight")}
            onOpen={() => onOpen(run.id)}
          >
            <Table.Cell className="whitespace-nowrap" title={formatDate(run.started_at)}>
              {formatAge(run.started_at)}
            </Table.Cell>
            <Table.Cell>{run.connector}</Table.Cell>
            <Table.Cell>{run.entity_type}</Table.Cell>
            <Table.Cell>{run.dry_run ? "Yes" : "No"}</Table.Cell>
            <Table.Cell title={run.started_by ? `started by ${run.started_by}` : undefined}>{run.trigger}</Table.Cell>
            <Table.Cell>
              <RunStatusBadge status={run.status} />
            </Table.Cell>
            {RUN_COUNT_COLUMNS.map((c) => (
              <Table.Cell
                key={c.key}
                className={clx("text-right", c.drift && run[c.key] > 0 && "text-ui-tag-orange-text")}
              >
                {run[c.key].toLocaleString()}
              </Table.Cell>
            ))}
            <Table.Cell className="whitespace-nowrap text-right">
              {formatDuration(runDurationMs(run))}
              {run.status === "running" ? " so far" : ""}
            </Table.Cell>
            <Table.Cell className="max-w-[240px]">
              {run.error ? (
                <Text size="small" className="text-ui-fg-error truncate" title={run.error}>
                  {run.error}
                </Text>
              ) : (
                "—"
              )}
            </Table.Cell>
          </ClickableRow>
        ))}
      </Table.Body>
    </Table>
  </div>
)
