import { Select, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { QueryState } from "../../../components/query-state"
import { errorMessage } from "../../../lib/sdk"
import { FINDING_COLUMNS, FindingRow } from "./finding-row"
import { useActionableCount, useFindings } from "./queries"
import { RepairAll } from "./repair-all"
import type { DriftKind, FindingStatus, ReconciliationRun } from "./types"

const PAGE_SIZE = 20
const ALL = "all"
type StatusFilter = FindingStatus | typeof ALL

const STATUS_LABELS: Record<StatusFilter, string> = {
  all: "All statuses",
  open: "Open",
  repair_failed: "Repair failed",
  repaired: "Repaired",
  dismissed: "Dismissed",
  superseded: "Superseded (found again later)",
}

type Props = { run: ReconciliationRun; kind: DriftKind }

/** A run's findings of one kind, a page at a time, with the repair of all that still need one. */
export const FindingsTable = ({ run, kind }: Props) => {
  const [status, setStatus] = useState<StatusFilter>(ALL)
  const [pageIndex, setPageIndex] = useState(0)
  const live = run.status === "running"
  const query = {
    kind,
    ...(status === ALL ? {} : { status }),
    limit: PAGE_SIZE,
    offset: pageIndex * PAGE_SIZE,
  }
  const { data, isLoading, error, isPlaceholderData } = useFindings(run.id, query, live)
  const actionable = useActionableCount(run.id, kind, live)

  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  // a repair under a status filter can empty the last page; step back rather than show a blank one
  useEffect(() => {
    if (data && !isPlaceholderData && pageIndex >= pageCount) setPageIndex(pageCount - 1)
  }, [data, isPlaceholderData, pageIndex, pageCount])

  return (
    <div className="flex flex-col gap-y-3" data-testid={`recon-findings-${kind}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-y-1">
          <Text size="small" className="text-ui-fg-subtle">
            {actionable.count === null
              ? "Counting the findings that need a decision…"
              : `${actionable.count} of ${run[kind]} still need a decision (open or repair failed)`}
          </Text>
          {actionable.error && (
            <Text size="small" className="text-ui-fg-error">
              {errorMessage(actionable.error)}
            </Text>
          )}
          <RepairAll run={run} kind={kind} actionable={actionable.count ?? 0} />
        </div>
        <div className="w-56">
          <Select
            size="small"
            value={status}
            onValueChange={(v) => {
              setStatus(v as StatusFilter)
              setPageIndex(0)
            }}
          >
            <Select.Trigger aria-label="Finding status" data-testid={`recon-findings-status-${kind}`}>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {(Object.keys(STATUS_LABELS) as StatusFilter[]).map((s) => (
                <Select.Item key={s} value={s}>
                  {STATUS_LABELS[s]}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={count === 0}
        empty={`No ${kind} findings${status === ALL ? "" : ` with status ${STATUS_LABELS[status].toLowerCase()}`}`}
      >
        <div className="-mx-6 overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                {FINDING_COLUMNS(run.connector).map((label, i) => (
                  <Table.HeaderCell key={i} className="whitespace-nowrap">
                    {label}
                  </Table.HeaderCell>
                ))}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data?.findings.map((f) => (
                <FindingRow key={f.id} finding={f} />
              ))}
            </Table.Body>
          </Table>
        </div>
        <Table.Pagination
          count={count}
          pageSize={PAGE_SIZE}
          pageIndex={pageIndex}
          pageCount={pageCount}
          canPreviousPage={pageIndex > 0}
          canNextPage={pageIndex + 1 < pageCount}
          previousPage={() => setPageIndex((p) => Math.max(0, p - 1))}
          nextPage={() => setPageIndex((p) => p + 1)}
        />
      </QueryState>
    </div>
  )
}
