import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { buildHealthReport } from "../../../../lib/health"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { setConnectorPausedWorkflow } from "../../../../workflows/set-connector-paused"

/** Pause or resume, then answer with the connector's state as health sees it. */
export async function setPaused(req: AuthenticatedMedusaRequest<any>, res: MedusaResponse, paused: boolean) {
  const name = req.params.name
  const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  if (!syncguard.connectors.get(name)) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Connector "${name}" is not configured; known connectors: ${syncguard.connectors.names().join(", ") || "none"}`
    )
  }
  const reason = paused ? (req.validatedBody as { reason?: string } | undefined)?.reason ?? null : null
  await setConnectorPausedWorkflow(req.scope).run({ input: { connector: name, paused, reason } })
  req.scope
    .resolve(ContainerRegistrationKeys.LOGGER)
    .warn(`syncguard: connector ${name} ${paused ? "paused" : "resumed"} by admin ${req.auth_context.actor_id}${reason ? `: ${reason}` : ""}`)
  const { connectors } = await buildHealthReport(req.scope)
  res.json({ connector: connectors.find((c) => c.name === name) })
}
