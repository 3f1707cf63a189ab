import { formatAge, formatDuration } from "../../lib/format"
import { Fact, FactGroup } from "./facts"
import type { ConnectorHealth } from "./types"

const STATUSES = ["pending", "in_flight", "retry_scheduled", "unknown", "delivered", "dead"] as const

/** Outbound: what waits, how long, how fast it gets through, and what gave up. */
export const QueueFacts = ({ connector: c }: { connector: ConnectorHealth }) => (
  <FactGroup title="Outbound queue">
    {STATUSES.map((status) => (
      <Fact
        key={status}
        label={status.replace(/_/g, " ")}
        tone={status === "dead" && (c.queue[status] ?? 0) > 0 ? "error" : "default"}
      >
        {(c.queue[status] ?? 0).toLocaleString()}
      </Fact>
    ))}
    <Fact label="Oldest waiting" tone={(c.oldest_pending_age_ms ?? 0) > 5 * 60_000 ? "warning" : "default"}>
      {formatDuration(c.oldest_pending_age_ms)}
    </Fact>
    <Fact label="Lag p50 / p95">
      {formatDuration(c.lag_p50_ms)} / {formatDuration(c.lag_p95_ms)}
    </Fact>
    <Fact
      label="Dead letters"
      tone={c.dead_letters > 0 ? "error" : "default"}
      testId={`syncguard-connector-dead-${c.name}`}
    >
      {c.dead_letters}
    </Fact>
    <Fact label="Last sample">{formatAge(c.last_sampled_at)}</Fact>
  </FactGroup>
)
