export type BreakerSettings = {
  /** Open after this many failures in a row (concurrent calls fail together, so not too few). @default 10 */
  consecutiveFailures: number
  /** Or when this share of the window's calls failed... @default 0.5 */
  errorRate: number
  /** ...over at least this many calls in the window. @default 20 */
  minCalls: number
  /** The window for the error rate. @default 30000 */
  windowMs: number
  /** How long it stays open before a probe is let through. @default 15000 */
  openMs: number
}

export const DEFAULT_BREAKER: BreakerSettings = {
  consecutiveFailures: 10,
  errorRate: 0.5,
  minCalls: 20,
  windowMs: 30_000,
  openMs: 15_000,
}

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
export function breakerAllows(s: BreakerState, settings: BreakerSettings, now: number): { allowed: boolean; next: BreakerState } {
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
