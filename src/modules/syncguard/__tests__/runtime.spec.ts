import Redis from "ioredis"
import { parseSyncguardOptions } from "../config/options"
import { ConnectorRuntime } from "../connectors/runtime/connector-runtime"

jest.setTimeout(30_000)

const REDIS_URL = "redis://127.0.0.1:6379/11"
const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as any
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const config = (redisUrl?: string) =>
  parseSyncguardOptions({
    redisUrl,
    connectors: {
      erp: { kind: "rest", baseUrl: "http://127.0.0.1:9", breaker: { consecutiveFailures: 3, openMs: 5000 } },
    },
  })

describe("ConnectorRuntime (real Redis)", () => {
  beforeEach(async () => {
    const redis = new Redis(REDIS_URL)
    await redis.flushdb()
    await redis.quit()
  })

  it("should show every process the breaker one worker opened, so the server's health reports what the workers see", async () => {
    const worker = new ConnectorRuntime(config(REDIS_URL), logger, "worker-1")
    const server = new ConnectorRuntime(config(REDIS_URL), logger, "server")
    try {
      await sleep(200) // connect
      for (let i = 0; i < 3; i++) worker.breakerRecord("erp", false)
      expect(worker.breakerOpen("erp")).toBe(true)
      await sleep(100)
      // the server never called the remote itself
      expect(await server.breakerState("erp")).toMatchObject({
        state: "open",
        scope: "shared",
        opened_by: "worker-1",
        consecutive_failures: 3,
      })
      // and holds back too once it has read the shared state
      server.breakerOpen("erp")
      await sleep(600)
      expect(server.breakerOpen("erp")).toBe(true)
      expect(server.breakerAllows("erp")).toBe(false)
    } finally {
      await worker.close()
      await server.close()
    }
  })

  it("should keep a breaker to the process without Redis", async () => {
    const runtime = new ConnectorRuntime(config(), logger, "solo")
    for (let i = 0; i < 3; i++) runtime.breakerRecord("erp", false)
    expect(await runtime.breakerState("erp")).toMatchObject({ state: "open", scope: "local" })
    await runtime.close()
  })

  it("should leave no Redis connection open once closed", async () => {
    const runtime = new ConnectorRuntime(config(REDIS_URL), logger, "w")
    await sleep(200)
    const redis = (runtime as any).redis as Redis
    expect(redis.status).toBe("ready")
    await runtime.close()
    expect(["end", "close"]).toContain(redis.status)
  })
})
