import { Container, Heading, Text, clx } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatDate } from "../../lib/format"
import { MappedStatusBadge } from "../mapped-status-badge"
import { HEALTH_COLORS } from "../status-colors"
import type { HealthReport } from "./types"

type HeadlineProps = { label: string; value: number; to: string; testId?: string; alertTone: string }

/** A headline count that opens the page where it can be worked off. */
const Headline = ({ label, value, to, testId, alertTone }: HeadlineProps) => (
  <Link
    to={to}
    className="bg-ui-bg-subtle hover:bg-ui-bg-subtle-hover border-ui-border-base flex flex-col gap-y-1 rounded-lg border px-4 py-3"
  >
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className={clx(value > 0 && alertTone)} data-testid={testId}>
      {value}
    </Text>
  </Link>
)

/** The verdict first: status, what is wrong, and the counts that need a hand. */
export const OverallStatus = ({ health }: { health: HealthReport }) => (
  <Container className="divide-y p-0">
    <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
      <div className="flex items-center gap-x-3">
        <Heading level="h1">Sync health</Heading>
        <MappedStatusBadge colors={HEALTH_COLORS} status={health.status} data-testid="syncguard-overall-status" />
      </div>
      <Text size="small" className="text-ui-fg-subtle" title={health.checked_at}>
        Checked {formatDate(health.checked_at)}
      </Text>
    </div>
    <div className="grid grid-cols-1 gap-3 px-6 py-4 sm:grid-cols-3">
      <Headline
        label="Dead letters"
        value={health.dead_letter_depth}
        to="/syncguard/dead-letters"
        testId="syncguard-dead-letter-depth"
        alertTone="text-ui-fg-error"
      />
      <Headline
        label="Open conflicts"
        value={health.open_conflicts}
        to="/syncguard/conflicts"
        testId="syncguard-open-conflicts"
        alertTone="text-ui-tag-orange-text"
      />
      <Headline
        label="Low-stock SKUs"
        value={health.low_stock_skus}
        to="/syncguard/stock"
        testId="syncguard-low-stock-skus"
        alertTone="text-ui-tag-orange-text"
      />
    </div>
    <div className="px-6 py-4">
      {health.problems.length === 0 ? (
        // same test id as the list, so one locator answers "what is wrong" either way
        <Text size="small" className="text-ui-fg-subtle" data-testid="syncguard-problems" data-empty="true">
          No problems: every connector is delivering
        </Text>
      ) : (
        <ul className="flex flex-col gap-y-1" data-testid="syncguard-problems">
          {health.problems.map((problem, i) => (
            <li key={`${i}-${problem}`}>
              <Text
                size="small"
                className={health.status === "failing" ? "text-ui-fg-error" : "text-ui-tag-orange-text"}
              >
                {problem}
              </Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  </Container>
)
