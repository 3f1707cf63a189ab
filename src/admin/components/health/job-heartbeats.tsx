import { Container, Heading, StatusBadge, Table, Text, clx } from "@medusajs/ui"
import { formatAge, formatDate, formatDuration } from "../../lib/format"
import type { JobHealth } from "./types"

/** Whether every scheduled job still runs: a stale one means no worker is doing that work. */
export const JobHeartbeats = ({ jobs }: { jobs: JobHealth[] }) => (
  <Container className="divide-y p-0">
    <div className="px-6 py-4">
      <Heading level="h2">Job heartbeats</Heading>
      <Text size="small" className="text-ui-fg-subtle">
        A job is stale when it has not finished for three of its intervals.
      </Text>
    </div>
    <Table data-testid="syncguard-jobs">
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Job</Table.HeaderCell>
          <Table.HeaderCell>State</Table.HeaderCell>
          <Table.HeaderCell>Last finished</Table.HeaderCell>
          <Table.HeaderCell>Every</Table.HeaderCell>
          <Table.HeaderCell>Runs</Table.HeaderCell>
          <Table.HeaderCell>Last status</Table.HeaderCell>
          <Table.HeaderCell>Last error</Table.HeaderCell>
          <Table.HeaderCell>Worker</Table.HeaderCell>
        </Table.Row>
      </Table.Header>
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
