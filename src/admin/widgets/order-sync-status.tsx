import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Container, Heading, StatusBadge, Table, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { sdk } from "../lib/sdk"

type ConnectorSync = {
  connector: string
  status: string
  operation: string | null
  attempts: number
  remote_id: string | null
  last_error: string | null
  next_attempt_at: string | null
}

const COLORS: Record<string, "green" | "orange" | "red" | "blue" | "grey"> = {
  delivered: "green",
  pending: "blue",
  in_flight: "blue",
  retry_scheduled: "orange",
  unknown: "orange",
  dead: "red",
  not_queued: "grey",
}

const OrderSyncStatusWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, isLoading, isError, error } = useQuery({
    queryKey: ["syncguard", "order-sync", order.id],
    queryFn: () => sdk.client.fetch<{ connectors: ConnectorSync[] }>(`/admin/syncguard/orders/${order.id}`),
    refetchInterval: 10_000,
  })

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Integration sync</Heading>
      </div>
      <div className="px-6 py-4">
        {isLoading && <Text size="small">Loading…</Text>}
        {isError && (
          <Text size="small" className="text-ui-fg-error">
            Could not load the sync status: {(error as Error).message}
          </Text>
        )}
        {data && data.connectors.length === 0 && <Text size="small">No connector takes orders.</Text>}
        {data && data.connectors.length > 0 && (
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Connector</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Attempts</Table.HeaderCell>
                <Table.HeaderCell>Remote id</Table.HeaderCell>
                <Table.HeaderCell>Last error</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.connectors.map((c) => (
                <Table.Row key={c.connector}>
                  <Table.Cell>{c.connector}</Table.Cell>
                  <Table.Cell>
                    <StatusBadge color={COLORS[c.status] ?? "grey"}>{c.status.replace("_", " ")}</StatusBadge>
                  </Table.Cell>
                  <Table.Cell>{c.attempts}</Table.Cell>
                  <Table.Cell>{c.remote_id ?? "—"}</Table.Cell>
                  <Table.Cell className="max-w-[240px] truncate" title={c.last_error ?? undefined}>
                    {c.last_error ?? "—"}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        )}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
})

export default OrderSyncStatusWidget
