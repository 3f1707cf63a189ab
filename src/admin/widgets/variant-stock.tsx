import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminProductVariant, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { QueryState } from "../components/query-state"
import { formatAge, formatDate } from "../lib/format"
import { sdk, SYNCGUARD_KEY } from "../lib/sdk"
import { BufferSourceBadge, bufferInputs } from "../routes/syncguard/stock/buffer-facts"
import { sendingAmount, type StockList, type StockPublication } from "../routes/syncguard/stock/types"

/** One marketplace in a few lines: the side column is too narrow for the stock page's table. */
const MarketplaceBlock = ({ row }: { row: StockPublication }) => {
  const sending = sendingAmount(row)
  return (
    <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={`syncguard-variant-stock-${row.connector}`}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus" className="truncate">
          {row.connector}
        </Text>
        {row.low_stock && (
          <StatusBadge color="orange" title="the buffer takes all that is available">
            low stock
          </StatusBadge>
        )}
      </div>
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
    </div>
  )
}

const VariantStockWidget = ({ data: variant }: DetailWidgetProps<AdminProductVariant>) => {
  const { data, isLoading, error } = useQuery({
    queryKey: [SYNCGUARD_KEY, "stock", { variant_id: variant.id }],
    queryFn: () => sdk.client.fetch<StockList>("/admin/syncguard/stock", { query: { variant_id: variant.id } }),
    refetchInterval: 5000,
  })

  return (
    <Container className="divide-y p-0" data-testid="syncguard-variant-stock">
      <div className="px-6 py-4">
        <Heading level="h2">Marketplace stock</Heading>
      </div>
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
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product_variant.details.side.after",
  id: "syncguard:variant-stock",
})

export default VariantStockWidget
