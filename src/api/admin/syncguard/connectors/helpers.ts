import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../../../../modules/syncguard"
import { ConnectorNotFoundError } from "../../../../modules/syncguard/errors"
import type SyncguardModuleService from "../../../../modules/syncguard/service"
import { setConnectorPausedWorkflow } from "../../../../workflows/set-connector-paused"
import { answerDomainErrors } from "../../../errors"

type Connector = NonNullable<ReturnType<SyncguardModuleService["connectors"]["get"]>>

/** The configured connector of that name; otherwise ConnectorNotFoundError (a 404 naming the known ones). */
export function requireConnector(syncguard: SyncguardModuleService, name: string): Connector {
  const connector = syncguard.connectors.get(name)
  if (!connector) {
    throw new ConnectorNotFoundError(name, syncguard.connectors.names())
  }
  return connector
}

/** Pause or resume, then answer with the connector's state as health sees it. */
export async function setPaused(req: AuthenticatedMedusaRequest<any>, res: MedusaResponse, paused: boolean) {
  await answerDomainErrors(req, res, async () => {
    const name = req.params.name
    const syncguard = req.scope.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    requireConnector(syncguard, name)
    const reason = paused ? ((req.validatedBody as { reason?: string } | undefined)?.reason ?? null) : null
    await setConnectorPausedWorkflow(req.scope).run({ input: { connector: name, paused, reason } })
    req.scope
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `syncguard: connector ${name} ${paused ? "paused" : "resumed"} by admin ${req.auth_context.actor_id}${reason ? `: ${reason}` : ""}`
      )
    const { connectors } = await syncguard.health()
    res.json({ connector: connectors.find((c) => c.name === name) })
  })
}
