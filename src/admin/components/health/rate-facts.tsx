import { formatDate } from "../../lib/format"
import { Fact, FactGroup, formatValue } from "./facts"
import type { RateState } from "./types"

/**
 * Friendly labels for the limiter keys known today, in reading order. Keys not listed here
 * (another limiter, a newer version) are still shown, as key: value, after these.
 */
const LABELS: Array<[key: string, label: string]> = [
  ["mode", "Mode"],
  ["effectiveRequestsPerSecond", "Limit in effect (req/s)"],
  ["rateSource", "Set by"],
  ["requestsPerSecond", "Configured (req/s)"],
  ["limit", "Limit"],
  ["rps", "Requests/s"],
  ["tokens", "Tokens"],
  ["learnedRequestsPerSecond", "Learned limit (req/s)"],
  ["headerRequestsPerSecond", "Remote's stated limit (req/s)"],
  ["ceilingRequestsPerSecond", "Ceiling (req/s)"],
  ["localRequestsPerSecond", "This worker's share (req/s)"],
  ["burst", "Burst"],
  ["inFlight", "In flight"],
  ["maxInFlight", "Max in flight"],
  ["cooldownUntil", "Cooling down until"],
  ["rateLimitedTotal", "429s seen"],
  ["rateLimitedLastMinute", "429s last minute"],
  ["lastRateLimitedAt", "Last 429"],
  ["liveWorkers", "Workers sharing"],
  ["degradedSince", "Degraded since"],
  ["degradedReason", "Degraded because"],
]
const KNOWN = new Set(LABELS.map(([key]) => key))
/** Restates mode, or only matters when set: left out when it says nothing. */
const QUIET = new Set(["shared", "learn"])
const DATE_KEYS = new Set(["cooldownUntil", "lastRateLimitedAt", "degradedSince"])
/** 0 means "no cap" for these, not "nothing may pass". */
const CAP_KEYS = new Set(["effectiveRequestsPerSecond", "requestsPerSecond"])

function show(key: string, value: unknown): string {
  if (CAP_KEYS.has(key) && value === 0) return "unlimited"
  if (DATE_KEYS.has(key) && typeof value === "string") return formatDate(value)
  return formatValue(value)
}

const RateLines = ({ rate }: { rate: RateState }) => {
  const known = LABELS.filter(([key]) => key in rate && rate[key] !== null)
  const unknown = Object.keys(rate).filter((key) => !KNOWN.has(key) && !QUIET.has(key))
  if (known.length === 0 && unknown.length === 0) return <Fact label="Rate limit">none reported</Fact>
  return (
    <>
      {known.map(([key, label]) => (
        <Fact
          key={key}
          label={label}
          tone={
            key === "mode" && rate[key] === "degraded" ? "warning" : key === "degradedReason" ? "warning" : "default"
          }
        >
          {show(key, rate[key])}
        </Fact>
      ))}
      {unknown.map((key) => (
        <Fact key={key} label={key}>
          {show(key, rate[key])}
        </Fact>
      ))}
    </>
  )
}

/** The connector's limiter, and one per endpoint group where the remote limits per endpoint. */
export const RateFacts = ({ rate, byEndpoint }: { rate: RateState; byEndpoint: Record<string, RateState> }) => (
  <FactGroup title="Rate limit">
    <RateLines rate={rate ?? {}} />
    {Object.entries(byEndpoint ?? {}).map(([group, state]) => (
      <div key={group} className="border-ui-border-base mt-2 border-t pt-2">
        <FactGroup title={`Endpoint group ${group}`}>
          <RateLines rate={state ?? {}} />
        </FactGroup>
      </div>
    ))}
  </FactGroup>
)
