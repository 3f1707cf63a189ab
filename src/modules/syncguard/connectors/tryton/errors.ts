/**
 * What a Tryton call can end in besides a result. The JSON-RPC answer is HTTP 200 with an
 * `error` member for every server-side exception; only authentication (401), login lockout
 * (429) and the transport speak through HTTP itself.
 */
export class TrytonRpcError extends Error {
  constructor(
    /** Tryton's exception kind: "UserError", "UserWarning", "ConcurrencyException", or "server" for unexpected ones */
    readonly kind: string,
    message: string,
    readonly description: string = "",
    readonly method: string = ""
  ) {
    super(description ? `${message} ${description}`.trim() : message)
    this.name = "TrytonRpcError"
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/** The call got no JSON-RPC answer: an HTTP status other than 200, or no response at all. */
export class TrytonTransportError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** Node/axios error code when there was no response (ECONNRESET, ECONNABORTED, ...) */
    readonly code?: string,
    readonly retryAfterMs?: number
  ) {
    super(message)
    this.name = "TrytonTransportError"
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/** Tryton's own exception names (ConcurrencyException, LoginException, ...), not free text. */
const NAMED_EXCEPTION = /^[A-Z][A-Za-z]*(Error|Exception|Warning)$/

/** Turns the `error` member of a JSON-RPC answer into an error with Tryton's own message kept. */
export function rpcErrorFrom(error: unknown, method: string): TrytonRpcError {
  if (Array.isArray(error)) {
    const [kind, args] = error as [unknown, unknown]
    if (typeof kind === "string" && Array.isArray(args)) {
      // ["UserError", [message, description, domain]]
      return new TrytonRpcError(kind, String(args[0] ?? kind), args[1] ? String(args[1]) : "", method)
    }
    if (typeof kind === "string" && typeof args === "string" && NAMED_EXCEPTION.test(kind)) {
      // ["ConcurrencyException", "Records were modified in the meanwhile"]
      return new TrytonRpcError(kind, args || kind, "", method)
    }
    if (typeof kind === "string") {
      // unexpected exceptions: ["<exception text>", "<traceback or empty>"]
      return new TrytonRpcError("server", kind.slice(0, 500), "", method)
    }
  }
  return new TrytonRpcError("server", typeof error === "string" ? error : JSON.stringify(error).slice(0, 500), "", method)
}
