import type { DeliveryResult } from "../contract"
import { classifyHttpFailure } from "../http/classify"
import { TrytonRpcError, TrytonTransportError } from "./errors"

export type TrytonFailure = Exclude<DeliveryResult, { outcome: "delivered" }>

/**
 * How a failed Tryton call is treated. Tryton rolls its transaction back before answering
 * with an error, so an error answer never leaves half a write behind:
 * - UserError / UserWarning: the ERP refused the data; the same call fails forever
 *   (permanent, Tryton's message kept for the dead-letter view);
 * - any other server exception (a concurrent write, a unique index): retryable;
 * - 401 that survived a fresh login: bad credentials (permanent, auth);
 * - 429 (login lockout): retryable after a back-off;
 * - no answer: the transport's classification (refused → retryable, reset/timeout → unknown).
 */
export function classifyTrytonFailure(error: unknown): TrytonFailure {
  if (error instanceof TrytonRpcError) {
    const message = `Tryton ${error.kind} in ${error.method || "a call"}: ${error.message}`
    // access errors reach JSON-RPC as UserError too
    if (error.kind === "UserError" || error.kind === "UserWarning") {
      return { outcome: "permanent", errorClass: "client_error", message, httpStatus: 200 }
    }
    return { outcome: "retryable", errorClass: "server_error", message, httpStatus: 200 }
  }
  if (error instanceof TrytonTransportError) {
    if (error.status === 401) {
      return {
        outcome: "permanent",
        errorClass: "auth",
        message: `Tryton refused the login: ${error.message}`,
        httpStatus: 401,
      }
    }
    if (error.status === 429) {
      return {
        outcome: "retryable",
        errorClass: "rate_limited",
        message: `Tryton is locking the login out after failed attempts: ${error.message}`,
        httpStatus: 429,
        // Tryton does not say for how long; give its lockout a minute rather than hammering it
        retryAfterMs: error.retryAfterMs ?? 60_000,
      }
    }
    if (error.code === "ERR_BAD_RESPONSE") {
      // an answer came but not a JSON-RPC one (a proxy's page, a cut body): the call may have run
      return { outcome: "unknown", errorClass: "lost_ack", message: error.message, httpStatus: error.status ?? null }
    }
    return classifyHttpFailure({ status: error.status, code: error.code, message: error.message, retryAfterMs: error.retryAfterMs })
  }
  return { outcome: "retryable", errorClass: "network", message: (error as Error)?.message ?? String(error), httpStatus: null }
}
