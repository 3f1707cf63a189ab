export type IdempotencyKeyParts = {
  connector: string
  operation: string
  entityType: string
  entityId: string
  /** A version of the entity: the same change always yields the same key. */
  version: string | number
}

/**
 * A key that says what a message means, not when it was made: connector, operation,
 * entity and entity version. Replayed events and retries produce the same key, which the
 * outbox's unique index and the remote's Idempotency-Key handling both rely on.
 */
export function buildIdempotencyKey(parts: IdempotencyKeyParts): string {
  for (const [name, value] of Object.entries(parts)) {
    if (value === undefined || value === null || String(value).trim() === "") {
      throw new Error(`Cannot build an idempotency key: "${name}" is empty`)
    }
  }
  return [parts.connector, parts.operation, parts.entityType, parts.entityId, `v${parts.version}`]
    .map((p) => String(p).replace(/[:\s]/g, "_"))
    .join(":")
}

/** The order's version for a sync operation: a create happens once, updates per change. */
export function orderVersionFor(
  operation: string,
  order: { version?: number | null; updated_at?: string | Date | null }
): string {
  if (operation === "order.create") {
    return "1"
  }
  const updated = order.updated_at ? new Date(order.updated_at).getTime() : 0
  return `${order.version ?? 1}.${updated}`
}
