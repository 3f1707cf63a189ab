import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../../../modules/syncguard/service"
import { replayDeadLettersWorkflow } from "../../../../../../workflows/replay-dead-letters"

/**
 * Replays one dead letter: it goes back to the queue, and a worker verifies it on the remote
 * before sending it if missing. The HTTP process never calls the remote itself.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const message = await syncguard.retrieveOutboxMessage(req.params.id)
  if (message.status !== "dead") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `Message ${message.id} is ${message.status}, not dead: only dead letters can be replayed`
    )
  }
  const { result: ids } = await replayDeadLettersWorkflow(req.scope).run({ input: { ids: [message.id] } })
  res.json({ message: await syncguard.retrieveOutboxMessage(message.id), replayed: ids.length })
}
