import net from "node:net"
import Redis from "ioredis"
import { createHttpClient } from "../connectors/rest/http-client"
import { LocalThrottle, RedisThrottle, Throttle } from "../connectors/throttle"
import type { RateLimitSettings, ThrottleLogger } from "../connectors/throttle"

// Timed and Redis-backed throttle behaviour (integration:modules tier): wall-clock windows are
// asserted with generous bounds. Pure parts: throttle.unit.spec.ts and connectors/throttle/__tests__.

jest.setTimeout(60_000)

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379"
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const settings = (over: Partial<RateLimitSettings>): RateLimitSettings => ({
  requestsPerSecond: 0,
  burst: 1,
  maxInFlight: 0,
  learn: false,
  ...over,
})

/** Admits `n` requests through `throttles` (round robin, as separate workers would) and returns the admission times. */
async function admit(throttles: Array<Pick<Throttle, "acquire">>, n: number, holdMs = 0) {
  const times: number[] = []
  let next = 0
  await Promise.all(
    throttles.flatMap((t) =>
      Array.from({ length: 4 }, async () => {
        while (next < n) {
          next++
          const release = await t.acquire()
          times.push(Date.now())
          if (holdMs) await sleep(holdMs)
          release()
        }
      })
    )
  )
  return times.sort((a, b) => a - b)
}

const rateOf = (times: number[]) => (times.length - 1) / ((times[times.length - 1] - times[0]) / 1000)

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const started = Date.now()
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(25)
  }
}

/**
 * A TCP proxy in front of the machine's Redis that a test can break without touching the server:
 * `refuse` drops every connection and refuses new ones; `blackhole` keeps connections open but
 * forwards nothing (a Redis that hangs); `pass` forwards again.
 */
async function redisProxy() {
  const target = new URL(REDIS_URL)
  let mode: "pass" | "refuse" | "blackhole" = "pass"
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    if (mode === "refuse") {
      client.destroy()
      return
    }
    const upstream = net.connect(Number(target.port || 6379), target.hostname)
    sockets.add(client)
    sockets.add(upstream)
    client.on("data", (d) => mode === "pass" && upstream.write(d))
    upstream.on("data", (d) => mode === "pass" && client.write(d))
    const end = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    client.on("close", end).on("error", end)
    upstream.on("close", end).on("error", end)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as net.AddressInfo).port
  const dropAll = () => {
    for (const s of sockets) s.destroy()
    sockets.clear()
  }
  return {
    port,
    set(next: "pass" | "refuse" | "blackhole") {
      // connections that lost bytes cannot be trusted again: the client must reconnect
      if (next !== "blackhole") dropAll()
      mode = next
    },
    async close() {
      dropAll()
      await new Promise((r) => server.close(r))
    },
  }
}

function recordingLogger() {
  const warnings: string[] = []
  const infos: string[] = []
  const logger: ThrottleLogger = { warn: (m) => warnings.push(m), info: (m) => infos.push(m) }
  return { logger, warnings, infos }
}

describe("LocalThrottle (one process)", () => {
  it("should hold a process to its rate", async () => {
    const throttle = new LocalThrottle(settings({ requestsPerSecond: 50 }))
    const times = await admit([throttle], 51)
    const seconds = (times[times.length - 1] - times[0]) / 1000
    expect(seconds).toBeGreaterThanOrEqual(0.9)
    expect(seconds).toBeLessThan(1.6)
  })

  it("should cap requests in flight", async () => {
    const throttle = new LocalThrottle(settings({ maxInFlight: 2 }))
    let inFlight = 0
    let max = 0
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        const release = await throttle.acquire()
        max = Math.max(max, ++inFlight)
        await sleep(10)
        inFlight--
        release()
      })
    )
    expect(max).toBe(2)
  })

  it("should make everyone wait out a remote's Retry-After, heard through observe()", async () => {
    const throttle = new LocalThrottle(settings({}))
    throttle.observe({ status: 429, headers: { "retry-after": "1" } })
    const started = Date.now()
    ;(await throttle.acquire())()
    expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    expect(await throttle.state()).toMatchObject({ mode: "local", rateLimitedTotal: 1 })
  })

  it("should learn a lower rate from 429s and say so", async () => {
    const throttle = new LocalThrottle(settings({ learn: true, initialRequestsPerSecond: 20 }))
    for (let i = 0; i < 30; i++) {
      ;(await throttle.acquire())()
      throttle.observe({ status: 201, headers: {} })
    }
    // slow start may have doubled the rate meanwhile (how far depends on the machine's pace)
    const before = (await throttle.state()).effectiveRequestsPerSecond
    throttle.observe({ status: 429, headers: {} })
    const state = await throttle.state()
    expect(state.rateSource).toBe("learned")
    expect(state.effectiveRequestsPerSecond).toBeLessThan(before)
    expect(state.ceilingRequestsPerSecond).not.toBeNull()
    expect(state.rateLimitedTotal).toBe(1)
  })
})

describe("feedback through the HTTP client, from a remote that states its limit", () => {
  it.each(["x-ratelimit", "ietf"] as const)(
    "should take the limit from %s headers and pause when nothing remains",
    async (style) => {
      const { createSandbox } = require("../../../../sandbox/index.js")
      const sandbox = await createSandbox({
        port: 0,
        faults: { rateLimit: { rps: 5, burst: 2, headers: style, retryAfter: false } },
      })
      try {
        const throttle = new LocalThrottle(settings({ learn: true, initialRequestsPerSecond: 50 }))
        const http = createHttpClient({ baseURL: sandbox.url, timeoutMs: 2000, retries: 0, headers: {}, throttle })
        const first = await http.get("/orders?external_id=x")
        expect(first.status).toBe(200)
        const state = await throttle.state()
        expect(state).toMatchObject({
          rateSource: "headers",
          effectiveRequestsPerSecond: 5,
          headerRequestsPerSecond: 5,
        })
        // at the stated rate the remote never has to refuse
        const answers = await Promise.all(Array.from({ length: 10 }, () => http.get("/orders?external_id=x")))
        expect(answers.filter((r) => r.status === 429)).toHaveLength(0)
        expect(sandbox.stats().rateLimited).toBe(0)
      } finally {
        await sandbox.close()
      }
    }
  )
})

describe("RedisThrottle (real Redis, several workers)", () => {
  const clients: Redis[] = []
  const throttles: RedisThrottle[] = []
  const connector = `test-${process.pid}-${Date.now()}`
  const client = (url = REDIS_URL) => {
    const redis = new Redis(url, { maxRetriesPerRequest: 3 })
    clients.push(redis)
    return redis
  }
  const worker = (s: RateLimitSettings, name = connector, redis = client()) => {
    const throttle = new RedisThrottle(redis, name, s)
    throttles.push(throttle)
    return throttle
  }

  afterAll(async () => {
    const keys = [...new Set(throttles.flatMap((t) => t.redisKeys()))]
    await Promise.all(throttles.map((t) => t.close()))
    const cleaner = new Redis(REDIS_URL)
    if (keys.length) await cleaner.del(...keys)
    await cleaner.quit()
    await Promise.all(clients.map((c) => c.quit().catch(() => undefined)))
  })

  it("should hold three workers together to one global rate", async () => {
    const s = settings({ requestsPerSecond: 40 })
    const times = await admit([worker(s), worker(s), worker(s)], 81)
    const rate = rateOf(times)
    expect(rate).toBeLessThanOrEqual(40 * 1.1)
    expect(rate).toBeGreaterThan(40 * 0.75)
  })

  it("should share the in-flight cap and the cooldown", async () => {
    const s = settings({ maxInFlight: 3 })
    const name = `${connector}-inflight`
    const a = worker(s, name)
    const b = worker(s, name)
    let inFlight = 0
    let max = 0
    await Promise.all(
      [a, b].flatMap((t) =>
        Array.from({ length: 6 }, async () => {
          const release = await t.acquire()
          max = Math.max(max, ++inFlight)
          await sleep(20)
          inFlight--
          release()
        })
      )
    )
    expect(max).toBe(3)
    a.observe({ status: 429, headers: { "retry-after": "1" } })
    await sleep(50)
    const started = Date.now()
    ;(await b.acquire())()
    expect(Date.now() - started).toBeGreaterThanOrEqual(850)
    expect(await b.state()).toMatchObject({ shared: true, mode: "shared" })
  })

  it("should learn one rate for every worker, with one decrease for concurrent 429s", async () => {
    const s = settings({ learn: true, initialRequestsPerSecond: 30 })
    const name = `${connector}-learn`
    const a = worker(s, name)
    const b = worker(s, name)
    // both report clean answers for a few seconds at about 20/s
    for (let i = 0; i < 60; i++) {
      const t = i % 2 ? a : b
      ;(await t.acquire())()
      t.observe({ status: 201, headers: {} })
      await sleep(50)
    }
    // one overshoot answered 429 at both workers at once
    a.observe({ status: 429, headers: { "retry-after": "0" } })
    b.observe({ status: 429, headers: { "retry-after": "0" } })
    await waitFor(async () => (await b.state()).rateLimitedTotal >= 2, 3000, "both 429s counted")
    await sleep(600)
    const [sa, sb] = [await a.state(), await b.state()]
    expect(sa.learnedRequestsPerSecond).toBeCloseTo(sb.learnedRequestsPerSecond!, 5)
    // 0.9 × about 20/s once, not twice
    expect(sb.learnedRequestsPerSecond).toBeGreaterThan(12)
    expect(sb.learnedRequestsPerSecond).toBeLessThan(22)
    expect(sb.rateSource).toBe("learned")
    expect(sb.liveWorkers).toBeGreaterThanOrEqual(2)
  })

  it("should take a limit from the remote's headers for every worker", async () => {
    const s = settings({ learn: true })
    const name = `${connector}-headers`
    const a = worker(s, name)
    const b = worker(s, name)
    a.observe({ status: 200, headers: { "RateLimit-Policy": "7;w=1", RateLimit: "limit=7, remaining=6, reset=1" } })
    await waitFor(async () => (await b.state()).rateSource === "headers", 3000, "the header limit to be shared")
    expect((await b.state()).effectiveRequestsPerSecond).toBe(7)
    expect((await b.state()).headerRequestsPerSecond).toBe(7)
  })
})

describe("RedisThrottle when Redis fails (a proxy that is cut, then restored)", () => {
  const clients: Redis[] = []
  const throttles: RedisThrottle[] = []
  let proxy: Awaited<ReturnType<typeof redisProxy>>
  const connector = `test-fault-${process.pid}-${Date.now()}`

  beforeAll(async () => {
    proxy = await redisProxy()
  })

  afterAll(async () => {
    const keys = [...new Set(throttles.flatMap((t) => t.redisKeys()))]
    await Promise.all(throttles.map((t) => t.close()))
    const cleaner = new Redis(REDIS_URL)
    if (keys.length) await cleaner.del(...keys)
    await cleaner.quit()
    clients.forEach((c) => c.disconnect())
    await proxy.close()
  })

  // a client that queues while offline and retries, or one that fails fast (the runtime's): the
  // throttle must not depend on either
  const viaProxy = (kind: "queueing" | "fail-fast" = "queueing") => {
    const redis = new Redis({
      host: "127.0.0.1",
      port: proxy.port,
      retryStrategy: () => 100,
      ...(kind === "queueing"
        ? { maxRetriesPerRequest: 3 }
        : { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: 1000 }),
    })
    redis.on("error", () => undefined)
    clients.push(redis)
    return redis
  }
  const direct = () => {
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 })
    clients.push(redis)
    return redis
  }

  it.each([
    ["refuse", "queueing"],
    ["blackhole", "queueing"],
    ["refuse", "fail-fast"],
    ["blackhole", "fail-fast"],
  ] as const)(
    "should keep admitting at its local share, report degraded, never reject, and return to shared (%s, %s client)",
    async (fault, kind) => {
      proxy.set("pass")
      const name = `${connector}-${fault}-${kind}`
      const s = settings({ requestsPerSecond: 20, learn: true })
      const { logger, warnings, infos } = recordingLogger()
      const a = new RedisThrottle(viaProxy(kind), name, s, { logger, probeIntervalMs: 300 })
      const b = new RedisThrottle(direct(), name, s)
      throttles.push(a, b)
      // both join the live-worker registry
      await waitFor(async () => (await a.state()).liveWorkers === 2, 3000, "two live workers")
      expect((await a.state()).mode).toBe("shared")

      proxy.set(fault)
      // admission never rejects and falls back at once: the first call waits at most the Redis deadline
      const started = Date.now()
      ;(await a.acquire())()
      expect(Date.now() - started).toBeLessThan(1000)
      const stateStarted = Date.now()
      const degraded = await a.state()
      expect(Date.now() - stateStarted).toBeLessThan(500)
      expect(degraded).toMatchObject({ mode: "degraded", shared: false, localRequestsPerSecond: 10 })
      expect(degraded.degradedSince).not.toBeNull()
      expect(degraded.degradedReason).toMatch(/Redis/)

      // its share of 20/s across the 2 workers it last saw: 10/s
      const times = await admit([a], 21)
      const rate = rateOf(times)
      expect(rate).toBeGreaterThan(10 * 0.7)
      expect(rate).toBeLessThan(10 * 1.25)
      // feedback, cooldowns and health keep working without Redis
      a.observe({ status: 201, headers: {} })
      await a.cooldown(10)
      await sleep(800) // a few probes fail meanwhile
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/limits itself to 10 requests\/s \(1\/2 of the shared limit\)/)

      proxy.set("pass")
      await waitFor(async () => (await a.state()).mode === "shared", 10_000, "the shared mode again")
      expect(infos.some((m) => /answers again/.test(m))).toBe(true)
      expect(warnings).toHaveLength(1)
      // shared again: one bucket with worker b
      const shared = await admit([a, b], 21)
      expect(rateOf(shared)).toBeLessThan(20 * 1.2)
    }
  )

  it("should start from the rate learned together when Redis goes, and never fail a request for it", async () => {
    proxy.set("pass")
    const name = `${connector}-learned`
    const s = settings({ learn: true })
    const a = new RedisThrottle(viaProxy(), name, s, { probeIntervalMs: 300 })
    const b = new RedisThrottle(direct(), name, s)
    throttles.push(a, b)
    b.observe({
      status: 200,
      headers: { "x-ratelimit-limit": "8", "x-ratelimit-remaining": "7", "x-ratelimit-reset": "1" },
    })
    await waitFor(
      async () => (await a.state()).effectiveRequestsPerSecond === 8 && (await a.state()).liveWorkers === 2,
      3000,
      "the shared header limit"
    )

    proxy.set("refuse")
    const { createSandbox } = require("../../../../sandbox/index.js")
    const sandbox = await createSandbox({ port: 0 })
    try {
      const http = createHttpClient({ baseURL: sandbox.url, timeoutMs: 2000, retries: 0, headers: {}, throttle: a })
      const answers = await Promise.all(Array.from({ length: 5 }, () => http.get("/orders?external_id=x")))
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
      const state = await a.state()
      expect(state.mode).toBe("degraded")
      expect(state.localRequestsPerSecond).toBeCloseTo(4) // 8/s ÷ 2 workers
    } finally {
      await sandbox.close()
    }
  })

  it("should assume two workers when it never reached Redis", async () => {
    proxy.set("refuse")
    const { logger, warnings } = recordingLogger()
    const a = new RedisThrottle(viaProxy(), `${connector}-never`, settings({ requestsPerSecond: 6 }), { logger })
    throttles.push(a)
    ;(await a.acquire())()
    await waitFor(() => warnings.length === 1, 2000, "the warning")
    expect(await a.state()).toMatchObject({ mode: "degraded", localRequestsPerSecond: 3, liveWorkers: null })
    proxy.set("pass")
  })
})
