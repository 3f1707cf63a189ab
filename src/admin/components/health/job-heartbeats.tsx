import { Container, StatusBadge, Table, clx } from "@medusajs/ui"
import { formatAge, formatDate, formatDuration } from "../../lib/format"
import { PageHeader } from "../page-header"
import { TableHead } from "../table-head"
import type { JobHealth } from "./types"

const COLUMNS = ["Job", "State", "Last finished", "Every", "Runs", "Last status", "Last error", "Worker"]

/** Whether every scheduled job still runs: a stale one means no worker is doing that work. */
export const JobHeartbeats = ({ jobs }: { jobs: JobHealth[] }) => (
  <Container className="divide-y p-0">
    <PageHeader
      level="h2"
      title="Job heartbeats"
      description="A job is stale when it has not finished for three of its intervals."
    />
    <Table data-testid="syncguard-jobs">
      <TableHead columns={COLUMNS} />
      <Table.Body>
        {jobs.map((j) => (
          <Table.Row
            key={j.job}
            className={clx(j.stale && "text-ui-fg-error")}
            data-testid={`syncguard-job-${j.job}`}
            data-stale={j.stale ? "true" : "false"}
          >
            <Table.Cell>{j.job}</Table.Cell>
            <Table.Cell>
              {j.stale ? (
                <StatusBadge color="red">stale</StatusBadge>
              ) : (
                <StatusBadge color="green">healthy</StatusBadge>
              )}
            </Table.Cell>
            <Table.Cell title={formatDate(j.last_finished_at)}>
              {j.last_finished_at ? formatAge(j.last_finished_at) : "never"}
            </Table.Cell>
            <Table.Cell>{formatDuration(j.expected_interval_ms)}</Table.Cell>
            <Table.Cell>{j.runs}</Table.Cell>
            <Table.Cell className={clx(j.last_status && j.last_status !== "ok" && "text-ui-fg-error")}>
              {j.last_status ?? "—"}
            </Table.Cell>
            <Table.Cell className="max-w-[280px] truncate" title={j.last_error ?? undefined}>
              {j.last_error ?? "—"}
            </Table.Cell>
            <Table.Cell>{j.worker ?? "—"}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  </Container>
)
