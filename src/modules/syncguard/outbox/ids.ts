import { randomBytes, randomUUID } from "node:crypto"
import { hostname } from "node:os"

/** Identifies this process as a lease owner; unique across restarts of the same pid. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`

/** One id per business transaction, carried on the message, every attempt, every log line and the remote call. */
export function newCorrelationId(): string {
  return `sgc_${randomUUID().replace(/-/g, "")}`
}

/**
 * The lease holder's name for one claim: the worker plus a claim id. Fencing by worker alone is
 * not enough: a fast-path delivery and a sweep in the same process would both pass as the owner
 * after one of them reclaimed the other's expired lease, and both would send.
 */
export function claimOwner(worker: string): string {
  return `${worker}#${randomBytes(4).toString("hex")}`
}

/** The worker behind a claim's name (attempts record the worker, not the claim). */
export function workerOf(owner: string): string {
  const at = owner.lastIndexOf("#")
  return at < 0 ? owner : owner.slice(0, at)
}
