import { setTimeout as sleep } from "node:timers/promises"
import type { BolAnswer, BolApi } from "./bol-api"
import { BOL_ENDPOINTS } from "./endpoints"

export type ProcessOutcome =
  | { status: "SUCCESS"; entityId: string | null; answer: BolAnswer }
  | { status: "FAILURE" | "TIMEOUT"; errorMessage: string; answer: BolAnswer }
  /** still queued when we stopped waiting: the write may yet be applied */
  | { status: "PENDING"; processStatusId: string; answer: BolAnswer }
  /** the status could not be read (an HTTP failure of the poll itself) */
  | { status: "UNREADABLE"; processStatusId: string; answer: BolAnswer }

/**
 * Follows a v10 write's process status until it ends. A 202 only says bol queued the request:
 * SUCCESS is the delivery, FAILURE and TIMEOUT are not, and one still PENDING after `maxWaitMs`
 * is an unknown outcome (bol takes up to hours; the outbox verifies it later).
 */
export async function awaitProcessStatus(
  api: BolApi,
  accepted: BolAnswer,
  options: { pollIntervalMs: number; maxWaitMs: number; beforeSend?: () => Promise<void>; now?: () => number }
): Promise<ProcessOutcome> {
  const now = options.now ?? Date.now
  const deadline = now() + options.maxWaitMs
  let current = accepted
  for (;;) {
    const body = current.data ?? {}
    const id = String(body.processStatusId ?? "")
    switch (body.status) {
      case "SUCCESS":
        return { status: "SUCCESS", entityId: body.entityId ? String(body.entityId) : null, answer: current }
      case "FAILURE":
      case "TIMEOUT":
        return {
          status: body.status,
          errorMessage: `bol process ${id} ${body.eventType ?? ""} ended ${body.status}${body.errorMessage ? `: ${body.errorMessage}` : ""}`,
          answer: current,
        }
    }
    if (!id) return { status: "UNREADABLE", processStatusId: "?", answer: current }
    if (now() + options.pollIntervalMs > deadline) return { status: "PENDING", processStatusId: id, answer: current }
    await sleep(options.pollIntervalMs)
    const polled = await api.call({
      endpoint: BOL_ENDPOINTS.processStatus,
      path: { "process-status-id": id },
      beforeSend: options.beforeSend,
    })
    if (polled.status !== 200) return { status: "UNREADABLE", processStatusId: id, answer: polled }
    current = polled
  }
}
