import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { setPaused } from "../../helpers"
import type { AdminPauseConnectorType } from "../../../validators"

/** Stops sending to the connector; its messages wait without spending attempts. */
export async function POST(req: AuthenticatedMedusaRequest<AdminPauseConnectorType>, res: MedusaResponse) {
  await setPaused(req, res, true)
}
