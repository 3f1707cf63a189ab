/**
 * syncguard's domain errors, all in one place. Each says what went wrong in words an operator
 * can act on; routes map them to HTTP answers in one place (src/api/errors.ts).
 * The Tryton connector keeps its wire-level errors (TrytonRpcError, TrytonTransportError) to itself.
 */

abstract class SyncguardError extends Error {
  protected constructor(message: string) {
    super(message)
    this.name = new.target.name
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/**
 * A send that did not happen for a reason of our own, not the remote's: nothing went on the
 * wire, so the message goes back with its attempt unspent and the remote's breaker untouched.
 * Connectors let these through instead of classifying them.
 */
export abstract class SendNotAttemptedError extends SyncguardError {}

/** The worker's claim on the message expired and another worker owns it now. */
export class LeaseLostError extends SendNotAttemptedError {
  constructor(messageId: string) {
    super(`lease on ${messageId} was lost before sending; another worker owns it`)
  }
}

/** Our own rate limiter could not admit the request (its store failed in a way it could not absorb). */
export class ThrottleUnavailableError extends SendNotAttemptedError {
  constructor(
    readonly connector: string,
    reason: string
  ) {
    super(`the rate limiter for ${connector} is unavailable: ${reason}`)
  }
}

/** The remote answered in a way we cannot use (5xx, bad shape, unreachable). */
export class UpstreamError extends SyncguardError {
  constructor(
    readonly connector: string,
    message: string,
    readonly status: number | null = null
  ) {
    super(message)
  }
}

/** Medusa's data cannot be expressed in the remote's terms (an unknown SKU, a missing account). */
export class MappingError extends SyncguardError {
  constructor(message: string) {
    super(message)
  }
}

/** The invoice API is closed after scope violations; routes answer 503 until an admin reopens it. */
export class InvoicesClosedError extends SyncguardError {
  constructor(readonly reason: string | null) {
    super(
      "Invoices are temporarily unavailable: the invoice system returned data outside your account's scope, and an administrator must review it."
    )
  }
}

/** A route named a connector that is not configured. */
export class ConnectorNotFoundError extends SyncguardError {
  constructor(
    readonly connector: string,
    readonly known: string[]
  ) {
    super(`Connector "${connector}" is not configured; known connectors: ${known.join(", ") || "none"}`)
  }
}

/** The connector is configured but cannot do what was asked (e.g. read stock). */
export class CapabilityMissingError extends SyncguardError {
  constructor(
    readonly connector: string,
    readonly capability: string
  ) {
    super(`Connector "${connector}" cannot ${capability}`)
  }
}

/** A pushed notification whose signature, sender or body is not acceptable; nothing of it is used. */
export class InboundRejectedError extends SyncguardError {
  constructor(message: string) {
    super(message)
  }
}

/**
 * A push whose bytes cannot be taken as sent: none at all (400), more than the route reads (413),
 * or compressed in a way it does not decode (415). Refused before its signature is checked.
 */
export class InboundBodyRefusedError extends SyncguardError {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415
  ) {
    super(message)
  }
}

/** A verified push whose body is not an event of the inbound profile: 400 (not JSON) or 422 (not an event). */
export class InboundEventInvalidError extends SyncguardError {
  constructor(
    message: string,
    readonly status: 400 | 422
  ) {
    super(message)
  }
}

/** An inbound event that can never apply as sent (it names a variant with several inventory items, a canceled order …). */
export class InboundNotApplicableError extends SyncguardError {
  constructor(message: string) {
    super(message)
  }
}

/** A drift finding that no repair can fix from here (a duplicate or orphan on the remote, a field the remote owns …). */
export class DriftNotRepairableError extends SyncguardError {
  constructor(message: string) {
    super(message)
  }
}

/** A reconciliation of this connector and entity type is already running (in this worker or another). */
export class ReconciliationBusyError extends SyncguardError {
  constructor(
    readonly connector: string,
    readonly entityType: string,
    /** the run holding the slot, as its row reads; null only when none showed up in time */
    readonly run: ({ id: string; started_at: Date | string | null } & Record<string, unknown>) | null
  ) {
    super(
      `${/^[aeiou]/.test(entityType) ? "an" : "a"} ${entityType} reconciliation of ${connector} is running` +
        (run ? ` (${run.id}, started ${run.started_at ? new Date(run.started_at).toISOString() : "just now"})` : "")
    )
  }
}
