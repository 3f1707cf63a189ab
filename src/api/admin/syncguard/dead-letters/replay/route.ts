import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { replayDeadLettersWorkflow } from "../../../../../workflows/replay-dead-letters"
import { AdminReplayDeadLettersType, deadLetterDates } from "../../validators"

/** Replays every dead letter matching the filter (at most `limit`): re-queued for the workers. */
export async function POST(req: AuthenticatedMedusaRequest<AdminReplayDeadLettersType>, res: MedusaResponse) {
  const body = req.validatedBody as AdminReplayDeadLettersType
  const { result: ids } = await replayDeadLettersWorkflow(req.scope).run({ input: deadLetterDates(body) })
  res.json({ replayed: ids.length, ids })
}
