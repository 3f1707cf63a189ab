import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createDispatcher } from "../scheduling/dispatcher"
import { drainInboundWorkflow } from "../workflows/drain-inbound"

/** Applies freshly recorded inbound events now, after their acknowledgement; the inbound sweep is the safety net. */
const inbound = createDispatcher("inbound apply", (container, ids) =>
  drainInboundWorkflow(container).run({ input: { ids } })
)

/**
 * In a process that only serves HTTP (workerMode "server") nothing is applied: the acknowledgements
 * keep the CPU, and the worker's inbound sweep applies (Medusa's recommended split for load).
 */
export function requestInboundApply(container: MedusaContainer, ids: string[]): void {
  const { projectConfig } = container.resolve(ContainerRegistrationKeys.CONFIG_MODULE)
  if (projectConfig.workerMode === "server") return
  inbound.request(container, ids)
}

export async function whenInboundIdle(container: MedusaContainer): Promise<void> {
  await inbound.whenIdle(container)
}
