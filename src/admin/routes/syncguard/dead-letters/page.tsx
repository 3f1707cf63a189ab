import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { useState } from "react"
import { MessageDrawer } from "../../../components/message/message-drawer"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { usePagedList } from "../../../components/use-paged-list"
import { sdk } from "../../../lib/sdk"
import { DeadLetterFilterBar } from "./filter-bar"
import { DeadLetterList, filterBody, isFiltered, NO_FILTERS } from "./filters"
import { DeadLetterTable } from "./dead-letter-table"
import { ReplayAllButton } from "./replay-all-button"

const DeadLettersPage = () => {
  const [openMessage, setOpenMessage] = useState<string | null>(null)
  const { query, count, filters, changeFilters, clearFilters, paging } = usePagedList(
    "dead-letters",
    NO_FILTERS,
    (f, page) =>
      sdk.client.fetch<DeadLetterList>("/admin/syncguard/dead-letters", { query: { ...filterBody(f), ...page } })
  )
  const { data, isLoading, error, isPlaceholderData } = query

  return (
    <>
      <Container className="divide-y p-0">
        <PageHeader
          title="Dead letters"
          count={data?.count}
          countTestId="dlq-count"
          description="Messages syncguard gave up on: a permanent error, or every attempt spent. A replay queues them again; a worker looks each one up on the remote before sending it again."
          actions={<ReplayAllButton filters={filters} count={count} disabled={!data || isPlaceholderData} />}
          className="flex-nowrap items-start"
        />
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
          {data && <DeadLetterTable rows={data.dead_letters} {...paging} onOpen={setOpenMessage} />}
        </QueryState>
      </Container>
      <MessageDrawer messageId={openMessage} onClose={() => setOpenMessage(null)} />
    </>
  )
}

export const config = defineRouteConfig({ label: "Dead letters", rank: 1 })

export const handle = { breadcrumb: () => "Dead letters" }

export default DeadLettersPage
