/**
 * The idempotency key's grammar, built and read only here:
 *   <connector>:<operation>:<entity type>:<entity id>:v<version>[:replay<n>]
 * It says what a message means, not when it was made: replayed events and retries produce the
 * same key, which the outbox's unique index and the remote's Idempotency-Key handling rely on.
 */
export type IdempotencyKeyParts = {
  connector: string
  operation: string
  entityType: string
  entityId: string
  /** A version of the entity: the same change always yields the same key. */
  version: string | number
}

const REPLAY_SUFFIX = /:replay(\d+)$/

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

/**
 * The key of a replayed dead letter: a new generation. A replay is a new decision, and a remote
 * that stored its answer to the old key would only repeat the old rejection.
 */
export function nextReplayKey(key: string): string {
  const generation = Number(REPLAY_SUFFIX.exec(key)?.[1] ?? 0)
  return `${key.replace(REPLAY_SUFFIX, "")}:replay${generation + 1}`
}

/**
 * The version of a message that repairs a drift finding: its own generation, so it is sent even
 * though the change's key was delivered before (the remote lost or changed the record), and
 * repairing the same finding twice still adds one message.
 */
export function repairVersion(version: string | number, findingId: string): string {
  return `${version}.repair-${findingId}`
}
