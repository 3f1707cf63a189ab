import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useCallback, useEffect, useState } from "react"
import { MessageDrawer } from "../../../components/message/message-drawer"
import { QueryState } from "../../../components/query-state"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { DeadLetterFilterBar } from "./filter-bar"
import { DeadLetterList, DeadLetterFilters, filterBody, isFiltered, NO_FILTERS } from "./filters"
import { DeadLetterTable } from "./dead-letter-table"
import { ReplayAllButton } from "./replay-all-button"

const PAGE_SIZE = 20

const DeadLettersPage = () => {
  const [filters, setFilters] = useState<DeadLetterFilters>(NO_FILTERS)
  const [pageIndex, setPageIndex] = useState(0)
  const [openMessage, setOpenMessage] = useState<string | null>(null)

  const { data, isLoading, error, isPlaceholderData } = useQuery({
    queryKey: [SYNCGUARD_KEY, "dead-letters", filters, pageIndex],
    // the age cut-off is computed per fetch, so "older than 1 h" keeps meaning that while polling
    queryFn: () =>
      sdk.client.fetch<DeadLetterList>("/admin/syncguard/dead-letters", {
        query: { ...filterBody(filters), limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE },
      }),
    refetchInterval: 5000,
    // keeps the facets in the menus while a new filter loads
    placeholderData: keepPreviousData,
  })

  const changeFilters = useCallback((patch: Partial<DeadLetterFilters>) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPageIndex(0)
  }, [])
  const clearFilters = useCallback(() => {
    setFilters(NO_FILTERS)
    setPageIndex(0)
  }, [])

  // after a replay empties the last page, step back to a page that still has rows
  const count = data?.count ?? 0
  useEffect(() => {
    if (pageIndex > 0 && pageIndex * PAGE_SIZE >= count && !isPlaceholderData) {
      setPageIndex(Math.max(0, Math.ceil(count / PAGE_SIZE) - 1))
    }
  }, [count, pageIndex, isPlaceholderData])

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex items-start justify-between gap-x-4 px-6 py-4">
          <div className="flex flex-col gap-y-1">
            <div className="flex items-center gap-x-2">
              <Heading level="h1">Dead letters</Heading>
              {data && (
                <Badge size="2xsmall" data-testid="dlq-count">
                  {data.count}
                </Badge>
              )}
            </div>
            <Text size="small" className="text-ui-fg-subtle">
              Messages syncguard gave up on: a permanent error, or every attempt spent. A replay queues them again; a
              worker looks each one up on the remote before sending it again.
            </Text>
          </div>
          <ReplayAllButton filters={filters} count={count} disabled={!data || isPlaceholderData} />
        </div>
        <DeadLetterFilterBar filters={filters} facets={data?.facets} onChange={changeFilters} onClear={clearFilters} />
        <QueryState
          isLoading={isLoading}
          error={error}
          isEmpty={count === 0}
          empty={
            isFiltered(filters)
              ? "No dead letters match these filters"
              : "No dead letters — every message was delivered"
          }
        >
          {data && (
            <DeadLetterTable
              rows={data.dead_letters}
              count={data.count}
              pageSize={PAGE_SIZE}
              pageIndex={pageIndex}
              onPageChange={setPageIndex}
              onOpen={setOpenMessage}
            />
          )}
        </QueryState>
      </Container>
      <MessageDrawer messageId={openMessage} onClose={() => setOpenMessage(null)} />
    </>
  )
}

export const config = defineRouteConfig({ label: "Dead letters" })

export const handle = { breadcrumb: () => "Dead letters" }

export default DeadLettersPage
