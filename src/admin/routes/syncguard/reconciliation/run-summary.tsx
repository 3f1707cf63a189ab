import { Alert, Copy, Text, clx } from "@medusajs/ui"
import { DetailField as Fact } from "../../../components/detail-field"
import { formatAge, formatDate, formatDuration } from "../../../lib/format"
import { RUN_COUNT_COLUMNS } from "./runs-table"
import { RunStatusBadge } from "./status-badges"
import { runDurationMs, type ReconciliationRun } from "./types"

const span = (from: string | null, to: string | null) => `${formatDate(from)} → ${formatDate(to)}`

/** What a run compared (its window), how far it got (its counts) and how it ended. */
export const RunSummary = ({ run }: { run: ReconciliationRun }) => (
  <div className="flex flex-col gap-y-4" data-testid="recon-run-summary">
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <RunStatusBadge status={run.status} />
      <Text size="small" weight="plus">
        {run.entity_type} · {run.connector}
        {run.dry_run ? " · dry run (nothing repaired)" : ""}
      </Text>
      <div className="flex items-center gap-x-1">
        <Text size="xsmall" className="text-ui-fg-muted">
          {run.id}
        </Text>
        <Copy content={run.id} variant="mini" />
      </div>
    </div>
    {run.error && (
      <Alert variant="error" data-testid="recon-run-error">
        {run.error}
      </Alert>
    )}
    {run.status === "abandoned" && (
      <Alert variant="warning">
        This run stopped beating before it finished; the next run compares its window again.
      </Alert>
    )}
    <div className="grid grid-cols-1 gap-x-8 md:grid-cols-2">
      <div>
        <Fact label="Trigger">
          {run.trigger}
          {run.started_by ? ` (by ${run.started_by})` : ""}
        </Fact>
        <Fact label="Started">
          {formatDate(run.started_at)} ({formatAge(run.started_at)})
        </Fact>
        <Fact label={run.finished_at ? "Finished" : "Last heartbeat"}>
          {run.finished_at ? formatDate(run.finished_at) : formatAge(run.heartbeat_at)}
        </Fact>
        <Fact label="Duration">
          {formatDuration(runDurationMs(run))}
          {run.status === "running" ? " so far" : ""}
        </Fact>
      </div>
      <div>
        <Fact label="Window">{span(run.window_from, run.window_to)}</Fact>
        <Fact label="Cursor">
          {formatDate(run.cursor_before)} → {run.cursor_after ? formatDate(run.cursor_after) : "unchanged"}
        </Fact>
      </div>
    </div>
    <div className="grid grid-cols-3 gap-2 sm:grid-cols-4 lg:grid-cols-6">
      {RUN_COUNT_COLUMNS.map((c) => (
        <div
          key={c.key}
          className="bg-ui-bg-subtle flex flex-col rounded-md px-3 py-2"
          data-testid={`recon-run-count-${c.key}`}
        >
          <Text size="xsmall" className="text-ui-fg-subtle">
            {c.label}
          </Text>
          <Text size="base" weight="plus" className={clx(c.drift && run[c.key] > 0 && "text-ui-tag-orange-text")}>
            {run[c.key].toLocaleString()}
          </Text>
        </div>
      ))}
    </div>
  </div>
)
