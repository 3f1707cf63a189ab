import type { MedusaContainer } from "@medusajs/framework/types"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import { isStale } from "../modules/syncguard/policies/inbound-level"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { InboundEventRow } from "../modules/syncguard/service"
import type { ApplyResult } from "./apply-result"
import { withSubjectLock } from "./subject-lock"

/**
 * An absolute write (a customer's fields, a price, an order's status) under its subject's lock:
 * ignored as stale when the sender numbered it at or below the newest change applied; the
 * watermark moves forward once it applied. A write that only produced conflicts leaves the
 * watermark where it was (nothing of it applied).
 */
export async function withWatermark(
  container: MedusaContainer,
  event: InboundEventRow,
  subject: string,
  version: number,
  apply: () => Promise<ApplyResult>,
  /** the lock, when wider than the watermark's subject (an order's statuses share the order's) */
  lockSubject: string = subject
): Promise<ApplyResult> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  return withSubjectLock(container, lockSubject, async () => {
    const applied = await syncguard.inboundWatermark(event.connector, subject)
    if (isStale(version, applied)) return { outcome: "stale", detail: { applied_version: applied, version } }
    const result = await apply()
    if (result.outcome !== "conflict") {
      await syncguard.advanceInboundWatermark({ connector: event.connector, subject, version, eventId: event.id })
    }
    return result
  })
}
