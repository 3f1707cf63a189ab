import Redis from "ioredis"
import { LocalThrottle, RedisThrottle } from "../connectors/throttle"
import { takeToken } from "../utils/token-bucket"

jest.setTimeout(30_000)

/** Admits `n` requests through `throttles` (round robin, as separate workers would) and returns the admission times. */
async function admit(throttles: Array<{ acquire(): Promise<() => void> }>, n: number, holdMs = 0) {
  const times: number[] = []
  let next = 0
  await Promise.all(
    throttles.flatMap((t) =>
      Array.from({ length: 4 }, async () => {
        while (next < n) {
          next++
          const release = await t.acquire()
          times.push(Date.now())
          if (holdMs) await new Promise((r) => setTimeout(r, holdMs))
          release()
        }
      })
    )
  )
  return times.sort((a, b) => a - b)
}

describe("takeToken", () => {
  it("should refill at the rate up to the burst and say how long to wait", () => {
    let b = { tokens: 2, updatedAt: 0 }
    expect(takeToken(b, 10, 2, 0).ok).toBe(true)
    b = takeToken(takeToken(b, 10, 2, 0).next, 10, 2, 0).next
    const empty = takeToken(b, 10, 2, 0)
    expect(empty.ok).toBe(false)
    expect(empty.waitMs).toBe(100)
    expect(takeToken(b, 10, 2, 100).ok).toBe(true)
    expect(takeToken({ tokens: 0, updatedAt: 0 }, 10, 2, 60_000).next.tokens).toBe(1)
  })
})

describe("LocalThrottle", () => {
  it("should hold a process to its rate", async () => {
    const throttle = new LocalThrottle({ requestsPerSecond: 50, burst: 1, maxInFlight: 0 })
    const times = await admit([throttle], 51)
    const seconds = (times[times.length - 1] - times[0]) / 1000
    expect(seconds).toBeGreaterThanOrEqual(0.95)
    expect(seconds).toBeLessThan(1.3)
  })

  it("should cap requests in flight", async () => {
    const throttle = new LocalThrottle({ requestsPerSecond: 0, burst: 1, maxInFlight: 2 })
    let inFlight = 0
    let max = 0
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await throttle.acquire()
        max = Math.max(max, ++inFlight)
        await new Promise((r) => setTimeout(r, 10))
        inFlight--
        release()
      })
    )
    expect(max).toBe(2)
  })

  it("should make everyone wait out a remote's Retry-After", async () => {
    const throttle = new LocalThrottle({ requestsPerSecond: 0, burst: 1, maxInFlight: 0 })
    await throttle.cooldown(300)
    const started = Date.now()
    ;(await throttle.acquire())()
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })
})

describe("RedisThrottle (real Redis, several workers)", () => {
  const url = process.env.REDIS_URL || "redis://127.0.0.1:6379"
  const clients: Redis[] = []
  const connector = `test-${process.pid}-${Date.now()}`
  const worker = (settings: { requestsPerSecond: number; burst: number; maxInFlight: number }) => {
    const redis = new Redis(url)
    clients.push(redis)
    return new RedisThrottle(redis, connector, settings)
  }

  afterAll(async () => {
    await clients[0]?.del(`syncguard:throttle:{${connector}}:bucket`, `syncguard:throttle:{${connector}}:inflight`, `syncguard:throttle:{${connector}}:cooldown`)
    await Promise.all(clients.map((c) => c.quit()))
  })

  it("should hold three workers together to one global rate", async () => {
    const settings = { requestsPerSecond: 40, burst: 1, maxInFlight: 0 }
    const times = await admit([worker(settings), worker(settings), worker(settings)], 81)
    const rate = (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000)
    expect(rate).toBeLessThanOrEqual(40 * 1.05)
    expect(rate).toBeGreaterThan(40 * 0.8)
  })

  it("should share the in-flight cap and the cooldown", async () => {
    const settings = { requestsPerSecond: 0, burst: 1, maxInFlight: 3 }
    const a = worker(settings)
    const b = worker(settings)
    let inFlight = 0
    let max = 0
    await Promise.all(
      [a, b].flatMap((t) =>
        Array.from({ length: 6 }, async () => {
          const release = await t.acquire()
          max = Math.max(max, ++inFlight)
          await new Promise((r) => setTimeout(r, 20))
          inFlight--
          release()
        })
      )
    )
    expect(max).toBe(3)
    await a.cooldown(300)
    const started = Date.now()
    ;(await b.acquire())()
    expect(Date.now() - started).toBeGreaterThanOrEqual(250)
    expect((await b.state()).shared).toBe(true)
  })
})
