import type { Logger } from "@medusajs/framework/types"
import Redis from "ioredis"

/**
 * The Redis client the runtime shares (limiter, learned limits, breaker state). It fails fast
 * instead of queueing while Redis is away: every caller has a local fallback, and a command
 * that waits for a reconnect would stall deliveries behind an outage that is not the remote's.
 */
export function createRuntimeRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // keep trying to come back, at most every 2 s
    retryStrategy: (times) => Math.min(200 * times, 2000),
  })
  let lastWarnAt = 0
  redis.on("error", (error: Error) => {
    // an outage raises an error per reconnect attempt: say it once a minute, not every 2 s
    if (Date.now() - lastWarnAt < 60_000) return
    lastWarnAt = Date.now()
    logger.warn(`syncguard: Redis unavailable (${error.message}); rate limits and breakers fall back to this process`)
  })
  redis.on("ready", () => {
    if (lastWarnAt) logger.info("syncguard: Redis is back; rate limits and breakers are shared again")
    lastWarnAt = 0
  })
  return redis
}
