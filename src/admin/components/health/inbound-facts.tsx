import { Fact, FactGroup } from "./facts"
import type { ConnectorHealth } from "./types"

/** What the remote pushes to us: events by status, conflicts waiting, pushes refused at the door. */
export const InboundFacts = ({ inbound }: { inbound: ConnectorHealth["inbound"] }) => {
  const events = Object.entries(inbound?.events ?? {})
  const rejected = Object.entries(inbound?.rejected ?? {})
  return (
    <FactGroup title="Inbound">
      {events.length === 0 && <Fact label="Events">none received</Fact>}
      {events.map(([status, n]) => (
        <Fact
          key={status}
          label={`events ${status.replace(/_/g, " ")}`}
          tone={status === "dead" && n > 0 ? "error" : "default"}
        >
          {n.toLocaleString()}
        </Fact>
      ))}
      <Fact label="Open conflicts" tone={(inbound?.open_conflicts ?? 0) > 0 ? "warning" : "default"}>
        {inbound?.open_conflicts ?? 0}
      </Fact>
      {rejected.map(([reason, n]) => (
        <Fact key={reason} label={`rejected: ${reason}`} tone={n > 0 ? "warning" : "default"}>
          {n.toLocaleString()}
        </Fact>
      ))}
    </FactGroup>
  )
}
