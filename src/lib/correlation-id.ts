import { randomUUID } from "node:crypto"

/** One id per business transaction, carried on the message, every attempt, every log line and the remote call. */
export function newCorrelationId(): string {
  return `sgc_${randomUUID().replace(/-/g, "")}`
}
