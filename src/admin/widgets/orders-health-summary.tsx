import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { Container, StatusBadge, Text, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useHealth } from "../components/health/queries"
import { colorOf, HEALTH_COLORS } from "../components/status-colors"
import { errorMessage } from "../lib/sdk"

/** Above the orders list: whether orders reach the connected systems, and a way in when they do not. */
const OrdersHealthSummaryWidget = () => {
  const { data, isLoading, error } = useHealth(10_000)
  const dead = data?.dead_letter_depth ?? 0
  const alert = dead > 0

  return (
    <Container
      className={clx(
        "flex flex-wrap items-center justify-between gap-2 px-6 py-3",
        alert && "border-l-4 border-l-ui-tag-red-icon"
      )}
      data-testid="syncguard-orders-health"
      data-state={!data ? "loading" : alert ? "alert" : "ok"}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Text size="small" weight="plus">
          Sync health
        </Text>
        {isLoading && (
          <Text size="small" className="text-ui-fg-subtle">
            Loading…
          </Text>
        )}
        {error && !data && (
          <Text size="small" className="text-ui-fg-error" data-testid="syncguard-error">
            {errorMessage(error)}
          </Text>
        )}
        {data && (
          <>
            <StatusBadge
              color={alert ? "red" : colorOf(HEALTH_COLORS, data.status)}
              data-testid="syncguard-orders-health-status"
            >
              {data.status}
            </StatusBadge>
            <Text size="small" className={clx(alert ? "text-ui-fg-error" : "text-ui-fg-subtle")}>
              Dead letters: <span data-testid="syncguard-orders-health-dead">{dead}</span>
            </Text>
          </>
        )}
      </div>
      <Link
        to="/syncguard"
        className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small-plus"
      >
        Open Sync health
      </Link>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "order.list.before",
  id: "syncguard:orders-health-summary",
})

export default OrdersHealthSummaryWidget
