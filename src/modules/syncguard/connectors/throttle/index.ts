import type Redis from "ioredis"
import { LocalThrottle } from "./local-throttle"
import { RedisThrottle } from "./redis-throttle"
import type { RateLimitSettings, Throttle } from "./types"

export * from "./types"
export { LocalThrottle, RedisThrottle }

export function resolveRateLimit(options?: Partial<RateLimitSettings>): RateLimitSettings {
  const requestsPerSecond = options?.requestsPerSecond ?? 0
  return {
    requestsPerSecond,
    burst: options?.burst ?? Math.max(1, Math.round(requestsPerSecond / 10)),
    maxInFlight: options?.maxInFlight ?? 0,
  }
}

/** Shared through Redis when the plugin has one, else per process. */
export function createThrottle(connector: string, settings: RateLimitSettings, redis?: Redis | null): Throttle {
  return redis ? new RedisThrottle(redis, connector, settings) : new LocalThrottle(settings)
}
