import { DEFAULT_LEARN_SETTINGS, LearnSettings } from "./learn-rate"
import type { RateLimitSettings } from "./types"

/** A connector's `rateLimit` options with their defaults. */
export function resolveRateLimit(options?: Partial<RateLimitSettings> | null): RateLimitSettings {
  return {
    requestsPerSecond: options?.requestsPerSecond ?? 0,
    // 0: a tenth of the rate in effect, which changes as it is learned
    burst: options?.burst ?? 0,
    maxInFlight: options?.maxInFlight ?? 0,
    learn: options?.learn ?? true,
    ...(options?.minRequestsPerSecond !== undefined ? { minRequestsPerSecond: options.minRequestsPerSecond } : {}),
    ...(options?.initialRequestsPerSecond !== undefined
      ? { initialRequestsPerSecond: options.initialRequestsPerSecond }
      : {}),
  }
}

/** The learner's settings for a connector, or null when it does not learn. */
export function learnSettingsOf(settings: RateLimitSettings): LearnSettings | null {
  if (settings.learn === false) {
    return null
  }
  const cap = settings.requestsPerSecond > 0 ? settings.requestsPerSecond : 0
  const minRps = settings.minRequestsPerSecond ?? DEFAULT_LEARN_SETTINGS.minRps
  return {
    ...DEFAULT_LEARN_SETTINGS,
    capRps: cap,
    minRps: cap > 0 ? Math.min(minRps, cap) : minRps,
    initialRps: Math.max(minRps, settings.initialRequestsPerSecond ?? DEFAULT_LEARN_SETTINGS.initialRps),
  }
}
