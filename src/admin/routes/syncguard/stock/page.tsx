import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { useState } from "react"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { usePagedList } from "../../../components/use-paged-list"
import { sdk } from "../../../lib/sdk"
import { useConnectors } from "../connectors/queries"
import { BufferDrawer } from "./buffer-drawer"
import { StockFilterBar, type StockFilters } from "./filter-bar"
import { StockTable } from "./stock-table"
import type { StockList, StockPublication } from "./types"

const NO_FILTERS: StockFilters = { lowStockOnly: false }

function emptyMessage(filters: StockFilters): string {
  if (filters.lowStockOnly)
    return `No low stock${filters.connector ? ` on ${filters.connector}` : ""} — every published SKU has more than its buffer`
  if (filters.connector) return `No stock published to ${filters.connector} yet`
  return "No marketplace stock published yet — stock is published when a marketplace connector (e.g. bol.com) is configured and a variant's stock changes"
}

const MarketplaceStockPage = () => {
  const [editing, setEditing] = useState<StockPublication | null>(null)
  const connectors = useConnectors(false)
  const { query, count, filters, changeFilters, paging } = usePagedList("stock", NO_FILTERS, (f, page) =>
    sdk.client.fetch<StockList>("/admin/syncguard/stock", {
      query: {
        ...(f.connector ? { connector: f.connector } : {}),
        ...(f.lowStockOnly ? { low_stock: "true" } : {}),
        ...page,
      },
    })
  )
  const { data, isLoading, error } = query

  return (
    <>
      <Container className="divide-y p-0">
        <PageHeader
          title="Marketplace stock"
          count={data?.count}
          countTestId="stock-count"
          description="What each marketplace shows per SKU: available stock minus a buffer, the units expected to sell on the other channels while a change is on its way (sales per hour × the measured sync lag p95). A fixed buffer replaces the computed one for that SKU until you go back to it."
        />
        <StockFilterBar
          filters={filters}
          connectors={connectors.data?.connectors.map((c) => c.name) ?? []}
          onChange={changeFilters}
        />
        <QueryState isLoading={isLoading} error={error} isEmpty={count === 0} empty={emptyMessage(filters)}>
          {data && <StockTable rows={data.stock} {...paging} onSetBuffer={setEditing} />}
        </QueryState>
      </Container>
      <BufferDrawer row={editing} onClose={() => setEditing(null)} />
    </>
  )
}

export const config = defineRouteConfig({ label: "Marketplace stock", rank: 5 })

export const handle = { breadcrumb: () => "Marketplace stock" }

export default MarketplaceStockPage
