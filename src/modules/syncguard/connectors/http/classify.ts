import type { DeliveryErrorClass, DeliveryResult } from "../contract"

export type HttpFailure = {
  /** undefined when no response came back */
  status?: number
  /** Node/axios error code, e.g. ECONNRESET, ECONNABORTED, ETIMEDOUT */
  code?: string
  body?: unknown
  retryAfterMs?: number
  message?: string
}

const TIMEOUT_CODES = new Set(["ECONNABORTED", "ETIMEDOUT", "ESOCKETTIMEDOUT"])
/** The connection broke after the request may have been written: the remote may have applied it. */
const MAYBE_SENT_CODES = new Set([
  "ECONNRESET",
  "EPIPE",
  "ERR_BAD_RESPONSE",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
])

/** The remote's own explanation, kept for the dead-letter view. */
export function remoteMessage(body: unknown, fallback: string): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>
    const m = b.message ?? b.error ?? b.detail
    if (typeof m === "string" && m) {
      return m
    }
    if (m && typeof m === "object") {
      return JSON.stringify(m).slice(0, 500)
    }
  }
  if (typeof body === "string" && body.trim()) {
    return body.slice(0, 500)
  }
  return fallback
}

/**
 * Network errors, 408, 429 and 5xx are worth retrying; any other 4xx will fail the same way
 * forever and goes to the dead-letter state at once. What may have been applied (a timeout, a
 * dropped connection, 500, a gateway's 504) is `unknown`: verified by lookup before resending. A 409 is handled by the caller
 * (it may name the record that already exists).
 */
export function classifyHttpFailure(failure: HttpFailure): Exclude<DeliveryResult, { outcome: "delivered" }> {
  const { status } = failure
  if (status === undefined) {
    const code = failure.code ?? ""
    const isTimeout = TIMEOUT_CODES.has(code)
    const maybeSent = MAYBE_SENT_CODES.has(code) || /socket hang up/i.test(failure.message ?? "")
    const message = `${code || "network error"}: ${failure.message ?? "no response"}`
    // a refused or unresolvable connection never reached the remote; a broken one may have,
    // and the remote may still be working on it when we look
    return maybeSent
      ? {
          outcome: "unknown",
          errorClass: isTimeout ? "timeout" : "lost_ack",
          message,
          httpStatus: null,
          mayStillCommit: true,
        }
      : { outcome: "retryable", errorClass: "network", message, httpStatus: null }
  }
  const message = remoteMessage(failure.body, `HTTP ${status}`)
  const retryable = (errorClass: DeliveryErrorClass) => ({
    outcome: "retryable" as const,
    errorClass,
    message,
    httpStatus: status,
    ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
  })
  if (status === 429) {
    return retryable("rate_limited")
  }
  if (status === 408) {
    return retryable("timeout")
  }
  if (status === 500) {
    // a generic server error may come after the remote committed: verify before resending
    return { outcome: "unknown", errorClass: "server_error", message, httpStatus: status }
  }
  if (status === 504) {
    // only a gateway gave up: the remote behind it may still commit the request
    return { outcome: "unknown", errorClass: "gateway_timeout", message, httpStatus: status, mayStillCommit: true }
  }
  if (status >= 500) {
    return retryable("server_error")
  }
  const errorClass: DeliveryErrorClass =
    status === 401 || status === 403 ? "auth" : status === 404 ? "not_found" : "client_error"
  return { outcome: "permanent", errorClass, message, httpStatus: status }
}
