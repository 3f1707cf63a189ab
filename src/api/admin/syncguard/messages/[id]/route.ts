import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../modules/syncguard/service"

/** One message with its delivery attempts, oldest attempt first. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  // retrieve throws MedusaError NOT_FOUND (→ 404) for an unknown id
  const message = await syncguard.retrieveOutboxMessage(req.params.id)
  const attempts = await syncguard.listDeliveryAttempts(
    { message_id: message.id },
    { order: { attempt_number: "ASC" } }
  )
  // snapshots are stored redacted; they expire after the retention window
  const snapshots = await syncguard.listAttemptSnapshots({ message_id: message.id })
  res.json({
    message: {
      ...message,
      delivery_attempts: attempts.map((a) => ({
        ...a,
        snapshot: snapshots.find((s) => s.attempt_id === a.id) ?? null,
      })),
    },
  })
}
