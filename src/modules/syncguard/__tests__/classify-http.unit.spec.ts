import { classifyHttpFailure } from "../connectors/http/classify"

describe("classifyHttpFailure", () => {
  it.each([
    [429, "rate_limited"],
    [408, "timeout"],
    [502, "server_error"],
    [503, "server_error"],
  ])("should retry HTTP %s as %s", (status, errorClass) => {
    expect(classifyHttpFailure({ status })).toMatchObject({ outcome: "retryable", errorClass, httpStatus: status })
  })

  it.each([
    [400, "client_error"],
    [401, "auth"],
    [403, "auth"],
    [404, "not_found"],
    [422, "client_error"],
  ])("should not retry HTTP %s", (status, errorClass) => {
    expect(classifyHttpFailure({ status })).toMatchObject({ outcome: "permanent", errorClass })
  })

  it("should keep the remote's message", () => {
    expect(classifyHttpFailure({ status: 422, body: { message: "credit limit exceeded" } }).message).toBe(
      "credit limit exceeded"
    )
  })

  it("should carry Retry-After", () => {
    expect(classifyHttpFailure({ status: 429, retryAfterMs: 2000 })).toMatchObject({ retryAfterMs: 2000 })
  })

  it("should retry a connection that never reached the remote", () => {
    expect(classifyHttpFailure({ code: "ECONNREFUSED" })).toMatchObject({
      outcome: "retryable",
      errorClass: "network",
      httpStatus: null,
    })
    expect(classifyHttpFailure({ code: "ENOTFOUND" })).toMatchObject({ outcome: "retryable", errorClass: "network" })
  })

  it("should call the outcome unknown when the request may have been applied", () => {
    expect(classifyHttpFailure({ code: "ECONNRESET", message: "socket hang up" })).toMatchObject({
      outcome: "unknown",
      errorClass: "lost_ack",
    })
    expect(classifyHttpFailure({ message: "socket hang up" })).toMatchObject({ outcome: "unknown" })
    expect(classifyHttpFailure({ code: "ECONNABORTED" })).toMatchObject({ outcome: "unknown", errorClass: "timeout" })
    expect(classifyHttpFailure({ status: 500 })).toMatchObject({ outcome: "unknown", errorClass: "server_error" })
  })
})
