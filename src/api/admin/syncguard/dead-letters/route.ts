import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { AdminListDeadLettersParamsType, deadLetterDates } from "../validators"

/**
 * The dead-letter queue, newest first, filtered as `POST /dead-letters/replay` filters (so a
 * "replay all matching" replays what was listed); facets are the values each filter can take.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminListDeadLettersParamsType>,
  res: MedusaResponse
) {
  const { limit, offset, ...filter } = req.validatedQuery as AdminListDeadLettersParamsType
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const { rows, count, facets } = await syncguard.listDeadLetters(deadLetterDates(filter), { limit, offset })
  res.json({ dead_letters: rows, count, limit, offset, facets })
}
