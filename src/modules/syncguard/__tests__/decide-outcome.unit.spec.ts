import { decideAfterAttempt } from "../outbox/decide"

const policy = { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 5 }
const now = new Date("2026-11-22T00:00:00Z")

describe("decideAfterAttempt", () => {
  it("should mark a delivery delivered with its remote id", () => {
    const d = decideAfterAttempt({
      attempt: 2,
      maxAttempts: 5,
      policy,
      now,
      result: { outcome: "delivered", remoteId: "ord_1", httpStatus: 201 },
    })
    expect(d).toMatchObject({ status: "delivered", attemptOutcome: "delivered", remoteId: "ord_1", deliveredAt: now })
  })

  it("should schedule a retry while attempts remain", () => {
    const d = decideAfterAttempt({
      attempt: 2,
      maxAttempts: 5,
      policy,
      now,
      random: () => 0.5,
      result: { outcome: "retryable", errorClass: "server_error", message: "boom", httpStatus: 503 },
    })
    expect(d.status).toBe("retry_scheduled")
    expect(d.nextAttemptAt!.getTime() - now.getTime()).toBe(1000)
    expect(d.lastError).toBe("server_error: boom")
  })

  it("should let an early lookup find a timed-out send but hold a negative answer until the settle window has passed", () => {
    const d = decideAfterAttempt({
      attempt: 1,
      maxAttempts: 5,
      policy,
      settleMs: 20_000,
      now,
      random: () => 0,
      result: {
        outcome: "unknown",
        errorClass: "timeout",
        message: "ECONNABORTED",
        httpStatus: null,
        mayStillCommit: true,
      },
    })
    expect(d.status).toBe("unknown")
    expect(d.settleUntil!.getTime() - now.getTime()).toBe(20_000)
    expect(d.nextAttemptAt!.getTime()).toBeLessThan(d.settleUntil!.getTime())
  })

  it("should not hold a 500 (the remote answered, so it is done with the request)", () => {
    const d = decideAfterAttempt({
      attempt: 1,
      maxAttempts: 5,
      policy,
      settleMs: 20_000,
      now,
      result: { outcome: "unknown", errorClass: "server_error", message: "boom", httpStatus: 500 },
    })
    expect(d.status).toBe("unknown")
    expect(d.settleUntil).toBeNull()
  })

  it("should send a permanent failure to the dead-letter state at once", () => {
    const d = decideAfterAttempt({
      attempt: 1,
      maxAttempts: 5,
      policy,
      now,
      result: { outcome: "permanent", errorClass: "client_error", message: "credit limit exceeded", httpStatus: 422 },
    })
    expect(d).toMatchObject({ status: "dead", lastHttpStatus: 422, lastError: "client_error: credit limit exceeded" })
  })

  it("should give up after the last attempt", () => {
    const d = decideAfterAttempt({
      attempt: 5,
      maxAttempts: 5,
      policy,
      now,
      result: { outcome: "retryable", errorClass: "network", message: "ECONNRESET", httpStatus: null },
    })
    expect(d.status).toBe("dead")
    expect(d.lastError).toMatch(/gave up after 5 attempts/)
  })
})
