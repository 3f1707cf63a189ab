import { Table, Text } from "@medusajs/ui"
import { ErrorLine } from "../../../components/error-line"
import { OptionSelect } from "../../../components/filter-select"
import { QueryState } from "../../../components/query-state"
import { TableHead } from "../../../components/table-head"
import { TablePagination } from "../../../components/table-pagination"
import { PAGE_SIZE, useKeepPageInRange, usePagedFilters } from "../../../lib/paging"
import { FINDING_COLUMNS, FindingRow } from "./finding-row"
import { useActionableCount, useFindings } from "./queries"
import { RepairAll } from "./repair-all"
import type { DriftKind, FindingStatus, ReconciliationRun } from "./types"

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

const STATUS_OPTIONS = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))

type Props = { run: ReconciliationRun; kind: DriftKind }

/** A run's findings of one kind, a page at a time, with the repair of all that still need one. */
export const FindingsTable = ({ run, kind }: Props) => {
  const { filters, changeFilters, pageIndex, setPageIndex } = usePagedFilters<{ status: StatusFilter }>({
    status: ALL,
  })
  const { status } = filters
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
  // a repair under a status filter can empty the last page
  useKeepPageInRange(pageIndex, setPageIndex, data && !isPlaceholderData ? count : undefined)

  return (
    <div className="flex flex-col gap-y-3" data-testid={`recon-findings-${kind}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex flex-col gap-y-1">
          <Text size="small" className="text-ui-fg-subtle">
            {actionable.count === null
              ? "Counting the findings that need a decision…"
              : `${actionable.count} of ${run[kind]} still need a decision (open or repair failed)`}
          </Text>
          <ErrorLine error={actionable.error} size="small" />
          <RepairAll run={run} kind={kind} actionable={actionable.count ?? 0} />
        </div>
        <OptionSelect
          value={status}
          options={STATUS_OPTIONS}
          onChange={(v) => changeFilters({ status: v as StatusFilter })}
          testId={`recon-findings-status-${kind}`}
          label="Finding status"
          className="w-56"
        />
      </div>
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={count === 0}
        empty={`No ${kind} findings${status === ALL ? "" : ` with status ${STATUS_LABELS[status].toLowerCase()}`}`}
      >
        <div className="-mx-6 overflow-x-auto">
          <Table>
            <TableHead columns={FINDING_COLUMNS(run.connector)} cellClassName="whitespace-nowrap" />
            <Table.Body>
              {data?.findings.map((f) => (
                <FindingRow key={f.id} finding={f} />
              ))}
            </Table.Body>
          </Table>
        </div>
        <TablePagination count={count} pageIndex={pageIndex} onPageChange={setPageIndex} />
      </QueryState>
    </div>
  )
}
