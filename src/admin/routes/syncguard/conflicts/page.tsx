import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Table } from "@medusajs/ui"
import { OptionSelect } from "../../../components/filter-select"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { TableHead } from "../../../components/table-head"
import { TablePagination } from "../../../components/table-pagination"
import { usePagedList } from "../../../components/use-paged-list"
import { sdk } from "../../../lib/sdk"
import { CONFLICT_COLUMNS, ConflictRow } from "./conflict-row"
import { CONFLICT_STATUSES, type ConflictList } from "./types"

const ALL = "all"
type StatusFilter = (typeof CONFLICT_STATUSES)[number] | typeof ALL

const STATUS_LABELS: Record<StatusFilter, string> = {
  open: "Open",
  accepted: "Accepted (incoming applied)",
  kept: "Kept (ours)",
  all: "All statuses",
}

// in menu order: the statuses, then all of them
const STATUS_OPTIONS = Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))

const ConflictsPage = () => {
  const { query, count, filters, changeFilters, paging } = usePagedList(
    "conflicts",
    { status: "open" as StatusFilter },
    (f, page) =>
      sdk.client.fetch<ConflictList>("/admin/syncguard/conflicts", {
        query: { status: f.status === ALL ? undefined : f.status, ...page },
      })
  )
  const { data, isLoading, error } = query
  const { status } = filters

  return (
    <Container className="divide-y p-0">
      <PageHeader
        title="Field conflicts"
        description="Inbound writes by a system that does not own the field, held back with both values until you decide."
        actions={
          <OptionSelect
            value={status}
            options={STATUS_OPTIONS}
            onChange={(v) => changeFilters({ status: v as StatusFilter })}
            testId="conflict-status-filter"
            label="Status"
            className="w-56"
          />
        }
      />
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={count === 0}
        empty={
          status === "open"
            ? "No open conflicts — every inbound change respected field ownership"
            : "No conflicts match these filters"
        }
      >
        <div className="overflow-x-auto">
          <Table>
            <TableHead columns={CONFLICT_COLUMNS} />
            <Table.Body>
              {data?.conflicts.map((c) => (
                <ConflictRow key={c.id} conflict={c} />
              ))}
            </Table.Body>
          </Table>
        </div>
        <TablePagination {...paging} />
      </QueryState>
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Conflicts", rank: 2 })

export const handle = { breadcrumb: () => "Field conflicts" }

export default ConflictsPage
