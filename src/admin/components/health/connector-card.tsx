import { Badge, Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { formatAge } from "../../lib/format"
import { BreakerBadge } from "./breaker-badge"
import { ConnectorNotices } from "./connector-notices"
import { InboundFacts } from "./inbound-facts"
import { QueueFacts } from "./queue-facts"
import { RateFacts } from "./rate-facts"
import { ReconciliationTable } from "./reconciliation-table"
import type { ConnectorHealth } from "./types"

/** One connector at a glance: can it send, how fast, what waits, and whether the remote agrees. */
export const ConnectorCard = ({ connector: c }: { connector: ConnectorHealth }) => (
  <Container className="divide-y p-0" data-testid={`syncguard-connector-${c.name}`}>
    <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
      <div className="flex items-center gap-x-3">
        <Heading level="h2">{c.name}</Heading>
        <Badge size="2xsmall">{c.kind}</Badge>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <BreakerBadge
          breaker={c.breaker}
          data-testid={`syncguard-connector-breaker-${c.name}`}
          title={
            c.breaker?.opened_at
              ? `opened ${formatAge(c.breaker.opened_at)}${c.breaker.opened_by ? ` by ${c.breaker.opened_by}` : ""}`
              : `${c.breaker?.consecutive_failures ?? 0} consecutive failure(s), ${c.breaker?.scope ?? "local"} state`
          }
        />
        {c.paused ? (
          <StatusBadge color="orange" data-testid={`syncguard-connector-paused-${c.name}`}>
            paused{c.paused_reason ? `: ${c.paused_reason}` : ""}
          </StatusBadge>
        ) : (
          <StatusBadge color="green">running</StatusBadge>
        )}
        {c.invoices_closed_at && (
          <StatusBadge color="red" title={`since ${formatAge(c.invoices_closed_at)}`}>
            invoice API closed
          </StatusBadge>
        )}
      </div>
    </div>
    <div className="grid grid-cols-1 gap-6 px-6 py-4 lg:grid-cols-3">
      <QueueFacts connector={c} />
      <RateFacts rate={c.rate} byEndpoint={c.rate_by_endpoint} />
      <InboundFacts inbound={c.inbound} />
    </div>
    <div className="flex flex-col gap-y-2 px-6 py-4">
      <Text size="small" weight="plus">
        Sent vs applied
      </Text>
      <ReconciliationTable connector={c.name} reconciliation={c.reconciliation} />
    </div>
    <ConnectorNotices connector={c} />
  </Container>
)
