import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useCallback, useEffect, useState } from "react"
import { QueryState } from "../../../components/query-state"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { useConnectors } from "../connectors/queries"
import { BufferDrawer } from "./buffer-drawer"
import { StockFilterBar, type StockFilters } from "./filter-bar"
import { StockTable } from "./stock-table"
import type { StockList, StockPublication } from "./types"

const PAGE_SIZE = 20

function emptyMessage(filters: StockFilters): string {
  if (filters.lowStockOnly)
    return `No low stock${filters.connector ? ` on ${filters.connector}` : ""} — every published SKU has more than its buffer`
  if (filters.connector) return `No stock published to ${filters.connector} yet`
  return "No marketplace stock published yet — stock is published when a marketplace connector (e.g. bol.com) is configured and a variant's stock changes"
}

const MarketplaceStockPage = () => {
  const [filters, setFilters] = useState<StockFilters>({ lowStockOnly: false })
  const [pageIndex, setPageIndex] = useState(0)
  const [editing, setEditing] = useState<StockPublication | null>(null)
  const connectors = useConnectors(false)

  const { data, isLoading, error, isPlaceholderData } = useQuery({
    queryKey: [SYNCGUARD_KEY, "stock", filters, pageIndex],
    queryFn: () =>
      sdk.client.fetch<StockList>("/admin/syncguard/stock", {
        query: {
          ...(filters.connector ? { connector: filters.connector } : {}),
          ...(filters.lowStockOnly ? { low_stock: "true" } : {}),
          limit: PAGE_SIZE,
          offset: pageIndex * PAGE_SIZE,
        },
      }),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  })

  const changeFilters = useCallback((patch: Partial<StockFilters>) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPageIndex(0)
  }, [])

  // a SKU leaving "low stock only" can empty the last page: step back to one with rows
  const count = data?.count ?? 0
  useEffect(() => {
    if (pageIndex > 0 && pageIndex * PAGE_SIZE >= count && !isPlaceholderData) {
      setPageIndex(Math.max(0, Math.ceil(count / PAGE_SIZE) - 1))
    }
  }, [count, pageIndex, isPlaceholderData])

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <div className="flex items-center gap-x-2">
            <Heading level="h1">Marketplace stock</Heading>
            {data && (
              <Badge size="2xsmall" data-testid="stock-count">
                {data.count}
              </Badge>
            )}
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            What each marketplace shows per SKU: available stock minus a buffer, the units expected to sell on the other
            channels while a change is on its way (sales per hour × the measured sync lag p95). A fixed buffer replaces
            the computed one for that SKU until you go back to it.
          </Text>
        </div>
        <StockFilterBar
          filters={filters}
          connectors={connectors.data?.connectors.map((c) => c.name) ?? []}
          onChange={changeFilters}
        />
        <QueryState isLoading={isLoading} error={error} isEmpty={count === 0} empty={emptyMessage(filters)}>
          {data && (
            <StockTable
              rows={data.stock}
              count={data.count}
              pageSize={PAGE_SIZE}
              pageIndex={pageIndex}
              onPageChange={setPageIndex}
              onSetBuffer={setEditing}
            />
          )}
        </QueryState>
      </Container>
      <BufferDrawer row={editing} onClose={() => setEditing(null)} />
    </>
  )
}

export const config = defineRouteConfig({ label: "Marketplace stock" })

export const handle = { breadcrumb: () => "Marketplace stock" }

export default MarketplaceStockPage
