import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"
import { useSearchParams } from "react-router-dom"
import { useHealth } from "../../../components/health/queries"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { TablePagination } from "../../../components/table-pagination"
import { PAGE_SIZE, useKeepPageInRange, usePagedFilters } from "../../../lib/paging"
import { errorMessage } from "../../../lib/sdk"
import { useRuns, type RunFilters } from "./queries"
import { RunDrawer } from "./run-drawer"
import { isFiltered, RunFilterBar } from "./run-filters"
import { RunsTable } from "./runs-table"
import { StartRun } from "./start-run"

const NO_FILTERS: RunFilters = {}

/** Reconciliation: compare Medusa with each connector, see what drifted, repair or dismiss it. */
const ReconciliationPage = () => {
  const { filters, changeFilters, clearFilters, pageIndex, setPageIndex } = usePagedFilters(NO_FILTERS)
  // the open run lives in the URL (?run=sgrr_…) so a run can be linked to and survives a reload
  const [searchParams, setSearchParams] = useSearchParams()
  const openRunId = searchParams.get("run")
  const health = useHealth(30_000)
  const { data, isLoading, error, isPlaceholderData } = useRuns(filters, PAGE_SIZE, pageIndex * PAGE_SIZE)

  const openRun = (id: string | null) =>
    setSearchParams(
      (params) => {
        const next = new URLSearchParams(params)
        if (id) next.set("run", id)
        else next.delete("run")
        return next
      },
      { replace: true }
    )

  const count = data?.count ?? 0
  // retention can shrink the list under the last page
  useKeepPageInRange(pageIndex, setPageIndex, data && !isPlaceholderData ? count : undefined)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <PageHeader
          title="Reconciliation"
          description="Each run compares Medusa's records with a connector's over a window of changes and records what differs: records missing on the remote, fields that disagree, records held twice, and remote records Medusa does not have."
        />
        {/* the new run is the newest: show the page it is on */}
        <StartRun onStarted={() => setPageIndex(0)} />
      </Container>
      <Container className="divide-y p-0">
        <PageHeader
          level="h2"
          title="Runs"
          count={data?.count}
          countTestId="recon-runs-count"
          actions={
            <RunFilterBar
              filters={filters}
              connectors={health.data?.connectors.map((c) => c.name) ?? []}
              onChange={changeFilters}
              onClear={clearFilters}
            />
          }
        />
        {/* a failed refresh keeps the last list on screen, under the error */}
        {data && error && (
          <Text size="small" className="text-ui-fg-error px-6 py-2">
            {errorMessage(error)}
          </Text>
        )}
        <QueryState
          isLoading={isLoading}
          error={data ? null : error}
          isEmpty={count === 0}
          empty={
            isFiltered(filters)
              ? "No reconciliation runs match these filters"
              : "No reconciliation runs yet — start one above, or wait for the scheduled run (every 15 min)"
          }
        >
          <RunsTable runs={data?.runs ?? []} selectedId={openRunId} onOpen={openRun} />
          <TablePagination count={count} pageIndex={pageIndex} onPageChange={setPageIndex} />
        </QueryState>
      </Container>
      <RunDrawer runId={openRunId} onClose={() => openRun(null)} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "Reconciliation", rank: 4 })

export const handle = { breadcrumb: () => "Reconciliation" }

export default ReconciliationPage
