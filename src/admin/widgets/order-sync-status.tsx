import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { MessageDrawer } from "../components/message/message-drawer"
import { MessageStatusBadge } from "../components/message/message-status"
import { useReplayMessages } from "../components/message/use-replay-messages"
import { QueryState } from "../components/query-state"
import { sdk, SYNCGUARD_KEY } from "../lib/sdk"

type ConnectorSync = {
  connector: string
  status: string
  operation: string | null
  attempts: number
  remote_id: string | null
  last_error: string | null
  last_http_status: number | null
  delivered_at: string | null
  next_attempt_at: string | null
  messages: number
  message_id: string | null
  dead_message_ids: string[]
}

type OrderSync = { order_id: string; connectors: ConnectorSync[] }

type BlockProps = { orderId: string; sync: ConnectorSync; onDetails: (messageId: string) => void }

/** One connector in a few lines: the side column is ~400 px wide, too narrow for a table. */
const ConnectorBlock = ({ orderId, sync, onDetails }: BlockProps) => {
  const { replay, isPending, failure } = useReplayMessages()
  const dead = sync.dead_message_ids
  const latest = sync.message_id
  const facts = [
    `${sync.attempts} attempt${sync.attempts === 1 ? "" : "s"}`,
    `remote id ${sync.remote_id ?? "—"}`,
    sync.last_http_status !== null ? `HTTP ${sync.last_http_status}` : null,
  ].filter(Boolean)

  const onReplay = () =>
    replay(dead, {
      title: "Replay dead messages?",
      description:
        `Replay ${dead.length} dead message${dead.length === 1 ? "" : "s"} for this order to ${sync.connector}? ` +
        `${dead.length === 1 ? "It is" : "They are"} queued again with a fresh attempt budget and looked up on ` +
        `${sync.connector} before anything is sent again (order ${orderId}).`,
    })

  return (
    <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={`syncguard-order-connector-${sync.connector}`}>
      <div className="flex items-center justify-between gap-x-2">
        <Text size="small" weight="plus" className="truncate">
          {sync.connector}
        </Text>
        <MessageStatusBadge status={sync.status}>{sync.status.replace(/_/g, " ")}</MessageStatusBadge>
      </div>
      <Text size="xsmall" className="text-ui-fg-subtle break-all">
        {facts.join(" · ")}
      </Text>
      {sync.last_error && (
        <Text size="xsmall" className="text-ui-fg-error whitespace-pre-wrap break-words">
          {sync.last_error}
        </Text>
      )}
      {failure && (
        <Text size="xsmall" className="text-ui-fg-error break-words">
          {failure}
        </Text>
      )}
      {(latest || dead.length > 0) && (
        <div className="flex items-center justify-end gap-x-2 pt-1">
          {latest && (
            <Button
              size="small"
              variant="transparent"
              onClick={() => onDetails(latest)}
              data-testid={`syncguard-order-details-${sync.connector}`}
            >
              Details
            </Button>
          )}
          {dead.length > 0 && (
            <Button
              size="small"
              variant="secondary"
              isLoading={isPending}
              onClick={onReplay}
              data-testid={`syncguard-order-replay-${sync.connector}`}
            >
              Replay
            </Button>
          )}
        </div>
      )}
    </div>
  )
}

const OrderSyncStatusWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const [openMessage, setOpenMessage] = useState<string | null>(null)
  const { data, isLoading, error } = useQuery({
    queryKey: [SYNCGUARD_KEY, "order-sync", order.id],
    queryFn: () => sdk.client.fetch<OrderSync>(`/admin/syncguard/orders/${encodeURIComponent(order.id)}`),
    refetchInterval: 5000,
  })

  return (
    <Container className="divide-y p-0" data-testid="syncguard-order-widget">
      <div className="px-6 py-4">
        <Heading level="h2">Integration sync</Heading>
      </div>
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={data?.connectors.length === 0}
        empty="No connector takes orders, so nothing is sent for this one."
      >
        {data?.connectors.map((sync) => (
          <ConnectorBlock key={sync.connector} orderId={order.id} sync={sync} onDetails={setOpenMessage} />
        ))}
      </QueryState>
      <MessageDrawer messageId={openMessage} onClose={() => setOpenMessage(null)} />
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "syncguard:order-sync-status",
})

export default OrderSyncStatusWidget
