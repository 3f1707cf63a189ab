import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Table, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useSearchParams } from "react-router-dom"
import { useHealth } from "../../../components/health/queries"
import { QueryState } from "../../../components/query-state"
import { errorMessage } from "../../../lib/sdk"
import { useRuns, type RunFilters } from "./queries"
import { RunDrawer } from "./run-drawer"
import { RunFilterBar } from "./run-filters"
import { RunsTable } from "./runs-table"
import { StartRun } from "./start-run"

const PAGE_SIZE = 20

/** Reconciliation: compare Medusa with each connector, see what drifted, repair or dismiss it. */
const ReconciliationPage = () => {
  const [filters, setFilters] = useState<RunFilters>({})
  const [pageIndex, setPageIndex] = useState(0)
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
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  // retention can shrink the list under the last page; step back rather than show a blank one
  useEffect(() => {
    if (data && !isPlaceholderData && pageIndex >= pageCount) setPageIndex(pageCount - 1)
  }, [data, isPlaceholderData, pageIndex, pageCount])

  const filtered = Boolean(filters.connector || filters.entity_type || filters.status)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Heading level="h1">Reconciliation</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Each run compares Medusa's records with a connector's over a window of changes and records what differs:
            records missing on the remote, fields that disagree, records held twice, and remote records Medusa does not
            have.
          </Text>
        </div>
        <StartRun
          onStarted={() => {
            // the new run is the newest: show the page it is on
            setPageIndex(0)
          }}
        />
      </Container>
      <Container className="divide-y p-0">
        <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
          <div className="flex items-center gap-x-2">
            <Heading level="h2">Runs</Heading>
            {data && (
              <Badge size="2xsmall" data-testid="recon-runs-count">
                {data.count}
              </Badge>
            )}
          </div>
          <RunFilterBar
            filters={filters}
            connectors={health.data?.connectors.map((c) => c.name) ?? []}
            onChange={(next) => {
              setFilters(next)
              setPageIndex(0)
            }}
          />
        </div>
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
            filtered
              ? "No reconciliation runs match these filters"
              : "No reconciliation runs yet — start one above, or wait for the scheduled run (every 15 min)"
          }
        >
          <RunsTable runs={data?.runs ?? []} selectedId={openRunId} onOpen={openRun} />
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
      </Container>
      <RunDrawer runId={openRunId} onClose={() => openRun(null)} />
    </div>
  )
}

export const config = defineRouteConfig({ label: "Reconciliation" })

export const handle = { breadcrumb: () => "Reconciliation" }

export default ReconciliationPage
