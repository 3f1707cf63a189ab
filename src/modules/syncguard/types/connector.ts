import type { SyncOperation } from "."

/** What a connector needs to send one outbox message. `entity` is the current state loaded with Query. */
export type DeliveryRequest = {
  operation: SyncOperation
  entityType: string
  entityId: string
  entity: Record<string, unknown>
  idempotencyKey: string
  correlationId: string
}

/** Error classes recorded on attempts; stable strings for dashboards and alerts. */
export type DeliveryErrorClass =
  | "network"
  | "timeout"
  | "rate_limited"
  | "server_error"
  | "client_error"
  | "auth"
  | "not_found"
  | "mapping"
  | "lost_ack"

export type DeliveryResult =
  | { outcome: "delivered"; remoteId: string | null; httpStatus: number | null }
  | {
      outcome: "retryable"
      errorClass: DeliveryErrorClass
      message: string
      httpStatus: number | null
      /** From the remote's Retry-After, when it sent one. */
      retryAfterMs?: number
    }
  | { outcome: "permanent"; errorClass: DeliveryErrorClass; message: string; httpStatus: number | null }

/**
 * One remote system. Only the connector knows the remote's wire format:
 * callers hand it Medusa state and get a classified result back.
 */
export interface Connector {
  readonly name: string
  readonly kind: string
  /** Whether this connector takes messages about this entity type. */
  takes(entityType: string): boolean
  deliver(request: DeliveryRequest): Promise<DeliveryResult>
}
