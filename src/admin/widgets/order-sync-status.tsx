import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Text } from "@medusajs/ui"
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { ConfirmButton } from "../components/confirm"
import { ErrorLine } from "../components/error-line"
import { MessageDrawer } from "../components/message/message-drawer"
import { MessageStatusBadge } from "../components/message/message-status"
import { useReplayMessages } from "../components/message/use-replay-messages"
import { QueryState } from "../components/query-state"
import { SideBlock, SideCard } from "../components/side-card"
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

const ConnectorBlock = ({ orderId, sync, onDetails }: BlockProps) => {
  const { replay, isPending, failure } = useReplayMessages()
  const dead = sync.dead_message_ids
  const latest = sync.message_id
  const facts = [
    `${sync.attempts} attempt${sync.attempts === 1 ? "" : "s"}`,
    `remote id ${sync.remote_id ?? "—"}`,
    sync.last_http_status !== null ? `HTTP ${sync.last_http_status}` : null,
  ].filter(Boolean)

  const question = () => ({
    title: "Replay dead messages?",
    description:
      `Replay ${dead.length} dead message${dead.length === 1 ? "" : "s"} for this order to ${sync.connector}? ` +
      `${dead.length === 1 ? "It is" : "They are"} queued again with a fresh attempt budget and looked up on ` +
      `${sync.connector} before anything is sent again (order ${orderId}).`,
  })

  return (
    <SideBlock
      name={sync.connector}
      testId={`syncguard-order-connector-${sync.connector}`}
      badge={<MessageStatusBadge status={sync.status}>{sync.status.replace(/_/g, " ")}</MessageStatusBadge>}
    >
      <Text size="xsmall" className="text-ui-fg-subtle break-all">
        {facts.join(" · ")}
      </Text>
      {sync.last_error && (
        <Text size="xsmall" className="text-ui-fg-error whitespace-pre-wrap break-words">
          {sync.last_error}
        </Text>
      )}
      <ErrorLine error={failure} />
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
            <ConfirmButton
              label="Replay"
              question={question}
              onConfirm={() => replay(dead)}
              isLoading={isPending}
              data-testid={`syncguard-order-replay-${sync.connector}`}
            />
          )}
        </div>
      )}
    </SideBlock>
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
    <SideCard title="Integration sync" testId="syncguard-order-widget">
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
    </SideCard>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "syncguard:order-sync-status",
})

export default OrderSyncStatusWidget
