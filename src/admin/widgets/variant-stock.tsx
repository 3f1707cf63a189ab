import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { StatusBadge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { QueryState } from "../components/query-state"
import { SideBlock, SideCard } from "../components/side-card"
import { formatAge, formatDate } from "../lib/format"
import { sdk, SYNCGUARD_KEY } from "../lib/sdk"
import { BufferSourceBadge, bufferInputs } from "../routes/syncguard/stock/buffer-facts"
import { sendingAmount, type StockList, type StockPublication } from "../routes/syncguard/stock/types"

const MarketplaceBlock = ({ row }: { row: StockPublication }) => {
  const sending = sendingAmount(row)
  return (
    <SideBlock
      name={row.connector}
      testId={`syncguard-variant-stock-${row.connector}`}
      badge={
        row.low_stock && (
          <StatusBadge color="orange" title="the buffer takes all that is available">
            low stock
          </StatusBadge>
        )
      }
    >
      <Text size="small" data-testid={`syncguard-variant-stock-published-${row.connector}`}>
        Shows {row.published_amount ?? "nothing yet"}
        {sending !== null && <span className="text-ui-fg-subtle"> · sending {sending}</span>}
      </Text>
      <div className="flex flex-wrap items-center gap-x-2">
        <Text size="xsmall" className="text-ui-fg-subtle">
          {row.available} available − buffer {row.buffer}
        </Text>
        <BufferSourceBadge source={row.buffer_source} />
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle">
        {bufferInputs(row)}
      </Text>
      <Text size="xsmall" className="text-ui-fg-subtle" title={formatDate(row.published_at)}>
        Last acknowledged {row.published_at ? formatAge(row.published_at) : "never"}
      </Text>
    </SideBlock>
  )
}

const VariantStockWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const { data, isLoading, error } = useQuery({
    queryKey: [SYNCGUARD_KEY, "stock", { variant_id: variant.id }],
    queryFn: () => sdk.client.fetch<StockList>("/admin/syncguard/stock", { query: { variant_id: variant.id } }),
    refetchInterval: 5000,
  })

  return (
    <SideCard title="Marketplace stock" testId="syncguard-variant-stock">
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={data?.stock.length === 0}
        empty="This SKU is not published to a marketplace"
      >
        {data?.stock.map((row) => (
          <MarketplaceBlock key={row.connector} row={row} />
        ))}
      </QueryState>
    </SideCard>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.side.after",
  id: "syncguard:variant-stock",
})

export default VariantStockWidget
