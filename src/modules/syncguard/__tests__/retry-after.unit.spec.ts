import { parseRetryAfter } from "../connectors/http/retry-after"

describe("parseRetryAfter", () => {
  const now = new Date("2026-11-22T12:00:00Z")

  it("should read delta-seconds", () => {
    expect(parseRetryAfter("7", now)).toBe(7000)
    expect(parseRetryAfter(["3"], now)).toBe(3000)
    expect(parseRetryAfter(" 0 ", now)).toBe(0)
  })

  it("should read an HTTP-date relative to now", () => {
    expect(parseRetryAfter("Sun, 22 Nov 2026 12:00:30 GMT", now)).toBe(30_000)
  })

  it("should clamp a date in the past to zero", () => {
    expect(parseRetryAfter("Sun, 22 Nov 2026 11:00:00 GMT", now)).toBe(0)
  })

  it("should ignore absent or unreadable values", () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined()
    expect(parseRetryAfter("", now)).toBeUndefined()
    expect(parseRetryAfter("soon", now)).toBeUndefined()
    expect(parseRetryAfter("-5", now)).toBeUndefined()
  })
})
