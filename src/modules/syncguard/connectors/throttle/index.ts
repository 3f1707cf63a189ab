import type Redis from "ioredis"
import { LocalThrottle } from "./local-throttle"
import { RedisThrottle, RedisThrottleOptions } from "./redis-throttle"
import type { RateLimitSettings, Throttle } from "./types"

export * from "./types"
export { LocalThrottle, RedisThrottle }
export type { RedisThrottleOptions }
export { resolveRateLimit } from "./settings"

/**
 * Shared through Redis when the plugin has one (falling back to a local share while Redis does
 * not answer), else per process. Pass the container logger so a Redis outage is reported.
 */
export function createThrottle(
  connector: string,
  settings: RateLimitSettings,
  redis?: Redis | null,
  options: RedisThrottleOptions = {}
): Throttle {
  return redis ? new RedisThrottle(redis, connector, settings, options) : new LocalThrottle(settings)
}
