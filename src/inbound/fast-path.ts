import type { MedusaContainer } from "@medusajs/framework/types"
import { createDispatcher } from "../scheduling/dispatcher"
import { drainInboundWorkflow } from "../workflows/drain-inbound"

/** Applies freshly recorded inbound events now, after their acknowledgement; the inbound sweep is the safety net. */
const inbound = createDispatcher("inbound apply", (container, ids) =>
  drainInboundWorkflow(container).run({ input: { ids } })
)

export function requestInboundApply(container: MedusaContainer, ids: string[]): void {
  inbound.request(container, ids)
}

export async function whenInboundIdle(container: MedusaContainer): Promise<void> {
  await inbound.whenIdle(container)
}
