import { randomBytes, randomUUID } from "node:crypto"
import { hostname } from "node:os"

/** Identifies this process as a lease owner; unique across restarts of the same pid. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`

/** One id per business transaction, carried on the message, every attempt, every log line and the remote call. */
export function newCorrelationId(): string {
  return `sgc_${randomUUID().replace(/-/g, "")}`
}
