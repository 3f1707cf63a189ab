import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import type { AdminListOutboxMessagesParamsType } from "../validators"

/** Lists outbox messages, newest first; filter by status (e.g. `dead` for the dead-letter queue). */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListOutboxMessagesParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filters } = req.validatedQuery as AdminListOutboxMessagesParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const [messages, count] = await syncguard.listAndCountOutboxMessages(filters, {
    take: limit,
    skip: offset,
    order: { created_at: "DESC" },
  })
  res.json({ messages, count, limit, offset })
}
