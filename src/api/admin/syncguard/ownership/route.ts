import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import { MEDUSA_OWNER, OWNABLE_FIELDS } from "../../../../modules/syncguard/policies/ownership"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { setOwnershipRulesWorkflow } from "../../../../workflows/set-ownership-rules"
import type { AdminSetOwnershipType } from "./validators"

async function answer(syncguard: SyncguardModuleService, res: MedusaResponse) {
  const { rules, overrides } = await syncguard.ownershipRules()
  res.json({
    rules,
    overrides,
    owners: [MEDUSA_OWNER, ...syncguard.connectors.names()],
    fields: OWNABLE_FIELDS,
  })
}

/** The ownership rules in force (options and overrides, each with its source), and what may be owned by whom. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await answer(req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE), res)
}

/** Sets runtime overrides; an owner must be "medusa" or a running connector. */
export async function POST(req: AuthenticatedMedusaRequest<AdminSetOwnershipType>, res: MedusaResponse) {
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const owners = [MEDUSA_OWNER, ...syncguard.connectors.names()]
  const unknown = req.validatedBody.rules.filter((r) => !owners.includes(r.owner))
  if (unknown.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Unknown owner ${unknown.map((r) => `"${r.owner}"`).join(", ")}: an owner is one of ${owners.join(", ")}`
    )
  }
  await setOwnershipRulesWorkflow(req.scope).run({
    input: { set: req.validatedBody.rules, actor: req.auth_context.actor_id },
  })
  await answer(syncguard, res)
}
