import type { BreakerSettings } from "../config/options"

export type { BreakerSettings }

export type BreakerState = {
  state: "closed" | "open" | "half_open"
  consecutiveFailures: number
  openedAt: number | null
  /** outcomes in the window: [time, ok] */
  calls: Array<[number, boolean]>
  probeInFlight: boolean
}

export const initialBreaker = (): BreakerState => ({
  state: "closed",
  consecutiveFailures: 0,
  openedAt: null,
  calls: [],
  probeInFlight: false,
})

/**
 * May a call go out now? Closed: yes. Open: no, until openMs has passed; then one probe
 * (half-open). Pure: returns the next state with the answer.
 */
export function breakerAllows(
  s: BreakerState,
  settings: BreakerSettings,
  now: number
): { allowed: boolean; next: BreakerState } {
  if (s.state === "closed") return { allowed: true, next: s }
  if (s.state === "open" && s.openedAt !== null && now - s.openedAt >= settings.openMs) {
    return { allowed: true, next: { ...s, state: "half_open", probeInFlight: true } }
  }
  if (s.state === "half_open" && !s.probeInFlight) {
    return { allowed: true, next: { ...s, probeInFlight: true } }
  }
  return { allowed: false, next: s }
}

/** Records a call's outcome. Only failures that say the remote is unwell count (not 4xx, not 429). */
export function breakerRecord(s: BreakerState, ok: boolean, settings: BreakerSettings, now: number): BreakerState {
  const calls = [...s.calls.filter(([t]) => now - t < settings.windowMs), [now, ok] as [number, boolean]]
  if (s.state === "half_open") {
    return ok
      ? { ...initialBreaker() }
      : { state: "open", consecutiveFailures: s.consecutiveFailures + 1, openedAt: now, calls, probeInFlight: false }
  }
  const consecutiveFailures = ok ? 0 : s.consecutiveFailures + 1
  const failures = calls.filter(([, good]) => !good).length
  const tripped =
    consecutiveFailures >= settings.consecutiveFailures ||
    (calls.length >= settings.minCalls && failures / calls.length >= settings.errorRate)
  if (s.state === "closed" && tripped) {
    return { state: "open", consecutiveFailures, openedAt: now, calls, probeInFlight: false }
  }
  return { ...s, consecutiveFailures, calls }
}

/**
 * How the breaker looks from outside at `now`, without taking a probe slot: `open` while
 * calls are refused, `half_open` once a probe may go or is under way, else `closed`.
 */
export function breakerView(s: BreakerState, settings: BreakerSettings, now: number): "closed" | "open" | "half_open" {
  if (s.state === "open") {
    return s.openedAt !== null && now - s.openedAt < settings.openMs ? "open" : "half_open"
  }
  return s.state
}

/** Whether calls are refused right now (open, or a half-open probe is already out). */
export function breakerRefuses(s: BreakerState, settings: BreakerSettings, now: number): boolean {
  const view = breakerView(s, settings, now)
  return view === "open" || (view === "half_open" && s.state === "half_open" && s.probeInFlight)
}
