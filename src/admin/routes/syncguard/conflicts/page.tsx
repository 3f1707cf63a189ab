import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Select, Table, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { QueryState } from "../../../components/query-state"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { CONFLICT_COLUMNS, ConflictRow } from "./conflict-row"
import { CONFLICT_STATUSES, type ConflictList } from "./types"

const PAGE_SIZE = 20
const ALL = "all"
type StatusFilter = (typeof CONFLICT_STATUSES)[number] | typeof ALL

const STATUS_OPTIONS: StatusFilter[] = [...CONFLICT_STATUSES, ALL]

const STATUS_LABELS: Record<StatusFilter, string> = {
  open: "Open",
  accepted: "Accepted (incoming applied)",
  kept: "Kept (ours)",
  all: "All statuses",
}

const ConflictsPage = () => {
  const [status, setStatus] = useState<StatusFilter>("open")
  const [pageIndex, setPageIndex] = useState(0)
  const filters = { status: status === ALL ? undefined : status, limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE }

  const { data, isLoading, error } = useQuery({
    queryKey: [SYNCGUARD_KEY, "conflicts", filters],
    queryFn: () => sdk.client.fetch<ConflictList>("/admin/syncguard/conflicts", { query: filters }),
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  })

  const count = data?.count ?? 0
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE))
  // a decision can empty the last page; step back rather than show a blank page
  useEffect(() => {
    if (data && pageIndex >= pageCount) setPageIndex(pageCount - 1)
  }, [data, pageIndex, pageCount])

  return (
    <Container className="divide-y p-0">
      <div className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <Heading level="h1">Field conflicts</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Inbound writes by a system that does not own the field, held back with both values until you decide.
          </Text>
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
            <Select.Trigger data-testid="conflict-status-filter" aria-label="Status">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {STATUS_OPTIONS.map((s) => (
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
        empty={
          status === "open"
            ? "No open conflicts — every inbound change respected field ownership"
            : "No conflicts match these filters"
        }
      >
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                {CONFLICT_COLUMNS.map((label, i) => (
                  <Table.HeaderCell key={i}>{label}</Table.HeaderCell>
                ))}
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data?.conflicts.map((c) => (
                <ConflictRow key={c.id} conflict={c} />
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
    </Container>
  )
}

export const config = defineRouteConfig({ label: "Conflicts" })

export const handle = { breadcrumb: () => "Field conflicts" }

export default ConflictsPage
