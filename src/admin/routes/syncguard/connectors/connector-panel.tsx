import { Badge, Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { BreakerBadge } from "../../../components/health/breaker-badge"
import { formatAge, formatDate } from "../../../lib/format"
import { PauseResume } from "./pause-resume"
import { SettingsTable } from "./settings-table"
import type { ConfiguredConnector } from "./types"

const BreakerFacts = ({ connector: c }: { connector: ConfiguredConnector }) => {
  const b = c.breaker
  const facts = [
    `${b?.consecutive_failures ?? 0} consecutive failure${b?.consecutive_failures === 1 ? "" : "s"}`,
    b?.opened_at ? `opened ${formatAge(b.opened_at)}${b.opened_by ? ` by ${b.opened_by}` : ""}` : null,
    // local: this process's own breaker, the shared store being unavailable
    `${b?.scope ?? "local"} state`,
  ].filter(Boolean)
  return (
    <div className="flex flex-wrap items-center gap-2">
      <BreakerBadge breaker={b} data-testid={`connector-breaker-${c.name}`} />
      <Text size="small" className="text-ui-fg-subtle" title={b?.opened_at ? formatDate(b.opened_at) : undefined}>
        {facts.join(" · ")}
      </Text>
    </div>
  )
}

/** One connector: whether it sends, the switch to stop it, and how it is configured. */
export const ConnectorPanel = ({ connector: c }: { connector: ConfiguredConnector }) => (
  <Container className="divide-y p-0" data-testid={`connector-${c.name}`}>
    <div className="flex flex-wrap items-start justify-between gap-4 px-6 py-4">
      <div className="flex flex-col gap-y-2">
        <div className="flex items-center gap-x-3">
          <Heading level="h2">{c.name}</Heading>
          <Badge size="2xsmall">{c.kind}</Badge>
          <StatusBadge color={c.paused ? "orange" : "green"} data-testid={`connector-state-${c.name}`}>
            {c.paused ? "paused" : "running"}
          </StatusBadge>
        </div>
        {c.paused && (
          <Text size="small" data-testid={`connector-paused-reason-${c.name}`}>
            Paused: {c.paused_reason ?? "no reason given"}. Its messages wait in the outbox.
          </Text>
        )}
        <BreakerFacts connector={c} />
      </div>
      <PauseResume connector={c} />
    </div>
    <div className="flex flex-col">
      <Text size="small" weight="plus" className="px-6 pt-4 pb-2">
        Settings
      </Text>
      <SettingsTable name={c.name} settings={c.settings} />
    </div>
  </Container>
)
