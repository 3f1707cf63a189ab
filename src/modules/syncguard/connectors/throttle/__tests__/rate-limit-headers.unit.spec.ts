import { limitFromHeaders, parseRateLimitHeaders, readFeedback, waitFromHeaders } from "../rate-limit-headers"

const NOW = Date.parse("2026-03-01T12:00:00Z")

describe("parseRateLimitHeaders", () => {
  it("should read bol.com's X-RateLimit-* headers, in any capitalisation", () => {
    expect(
      parseRateLimitHeaders({ "X-RateLimit-Limit": "25", "x-ratelimit-remaining": "3", "X-RATELIMIT-RESET": "1" }, NOW)
    ).toEqual({
      limit: 25,
      windowMs: null,
      remaining: 3,
      resetMs: 1000,
      retryAfterMs: null,
    })
  })

  it("should read a reset given as a Unix time in seconds or milliseconds", () => {
    const epochSeconds = String(NOW / 1000 + 30)
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": epochSeconds }, NOW)?.resetMs).toBe(30_000)
    expect(parseRateLimitHeaders({ "x-ratelimit-reset": String(NOW + 4500) }, NOW)?.resetMs).toBe(4500)
  })

  it("should read the IETF RateLimit-Policy and RateLimit headers (early and structured forms)", () => {
    expect(
      parseRateLimitHeaders({ "ratelimit-policy": "10;w=1", ratelimit: "limit=10, remaining=3, reset=1" }, NOW)
    ).toEqual({
      limit: 10,
      windowMs: 1000,
      remaining: 3,
      resetMs: 1000,
      retryAfterMs: null,
    })
    expect(
      parseRateLimitHeaders({ "RateLimit-Policy": '"default";q=100;w=60', RateLimit: '"default";r=0;t=12' }, NOW)
    ).toEqual({
      limit: 100,
      windowMs: 60_000,
      remaining: 0,
      resetMs: 12_000,
      retryAfterMs: null,
    })
  })

  it("should take the policy allowing the lowest sustained rate when several are stated", () => {
    const parsed = parseRateLimitHeaders({ "ratelimit-policy": "10;w=1, 300;w=60" }, NOW)
    expect(parsed).toMatchObject({ limit: 300, windowMs: 60_000 })
    expect(parseRateLimitHeaders({ "x-ratelimit-limit": "10, 10;w=1, 50;w=60" }, NOW)).toMatchObject({
      limit: 50,
      windowMs: 60_000,
    })
  })

  it("should read Retry-After in seconds or as a date", () => {
    expect(parseRateLimitHeaders({ "retry-after": "4" }, NOW)?.retryAfterMs).toBe(4000)
    expect(parseRateLimitHeaders({ "retry-after": new Date(NOW + 7000).toUTCString() }, NOW)?.retryAfterMs).toBe(7000)
  })

  it("should say nothing when there is nothing to say", () => {
    expect(parseRateLimitHeaders({ "content-type": "application/json" }, NOW)).toBeNull()
    expect(parseRateLimitHeaders(undefined, NOW)).toBeNull()
    expect(parseRateLimitHeaders({ "x-ratelimit-limit": "lots" }, NOW)).toBeNull()
  })
})

describe("limitFromHeaders", () => {
  it("should divide the limit by a stated window", () => {
    expect(limitFromHeaders(parseRateLimitHeaders({ "ratelimit-policy": "10;w=1" }, NOW))).toEqual({
      rps: 10,
      windowMs: 1000,
    })
    expect(limitFromHeaders(parseRateLimitHeaders({ "ratelimit-policy": "120;w=60" }, NOW))).toEqual({
      rps: 2,
      windowMs: 60_000,
    })
  })

  it("should estimate an unstated window as the longest reset seen, at least a second", () => {
    const bol = parseRateLimitHeaders(
      { "x-ratelimit-limit": "25", "x-ratelimit-remaining": "24", "x-ratelimit-reset": "1" },
      NOW
    )
    expect(limitFromHeaders(bol)).toEqual({ rps: 25, windowMs: 1000 })
    // a per-minute window seen mid-way first (reset 37 s), then right after it opened
    const mid = parseRateLimitHeaders({ "x-ratelimit-limit": "100", "x-ratelimit-reset": "37" }, NOW)
    expect(limitFromHeaders(mid)?.windowMs).toBe(37_000)
    const opened = parseRateLimitHeaders({ "x-ratelimit-limit": "100", "x-ratelimit-reset": "60" }, NOW)
    expect(limitFromHeaders(opened, 37_000)).toEqual({ rps: 100 / 60, windowMs: 60_000 })
    expect(limitFromHeaders(mid, 60_000)?.windowMs).toBe(60_000)
  })

  it("should give nothing without a limit", () => {
    expect(limitFromHeaders(parseRateLimitHeaders({ "retry-after": "1" }, NOW))).toBeNull()
  })
})

describe("waitFromHeaders and readFeedback", () => {
  it("should wait for Retry-After on a 429, and until the reset when nothing remains", () => {
    expect(waitFromHeaders(parseRateLimitHeaders({ "retry-after": "4" }, NOW), 429)).toBe(4000)
    expect(
      waitFromHeaders(parseRateLimitHeaders({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" }, NOW), 200)
    ).toBe(2000)
    expect(
      waitFromHeaders(parseRateLimitHeaders({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": "2" }, NOW), 200)
    ).toBe(0)
    // a 503's Retry-After is the breaker's business, not the rate limiter's
    expect(waitFromHeaders(parseRateLimitHeaders({ "retry-after": "30" }, NOW), 503)).toBe(0)
  })

  it("should read a response as the throttle needs it", () => {
    expect(readFeedback({ status: 201, headers: {} }, NOW)).toEqual({
      success: true,
      rateLimited: false,
      waitMs: 0,
      header: null,
    })
    expect(readFeedback({ status: 409 }, NOW).success).toBe(true)
    expect(readFeedback({ status: 502 }, NOW).success).toBe(false)
    // a 429 that does not say how long: everyone pauses a second
    expect(readFeedback({ status: 429, headers: {} }, NOW)).toEqual({
      success: false,
      rateLimited: true,
      waitMs: 1000,
      header: null,
    })
    expect(readFeedback({ status: 429, headers: { "retry-after": "0" } }, NOW).waitMs).toBe(50)
    expect(
      readFeedback(
        {
          status: 429,
          headers: {
            "Retry-After": "3",
            "X-RateLimit-Limit": "2",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": "1",
          },
        },
        NOW
      )
    ).toEqual({
      success: false,
      rateLimited: true,
      waitMs: 3000,
      header: { rps: 2, windowMs: 1000 },
    })
  })
})
