import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { cancelOrderWorkflow } from "@medusajs/medusa/core-flows"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type { PendingCancellation } from "../modules/syncguard/connectors/contract"
import type SyncguardModuleService from "../modules/syncguard/service"
import type { Marketplace } from "./import-order"

/**
 * Follows an out-of-stock cancellation to the marketplace's confirmation. One that fails puts the
 * order back to be claimed: the next poll covers it if stock was freed meanwhile, or cancels again.
 * Never throws.
 */
export async function confirmCancellation(
  container: MedusaContainer,
  connector: string,
  rowId: string,
  remoteOrderId: string,
  pending: PendingCancellation
): Promise<void> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  try {
    await pending.confirm()
    await syncguard.confirmMarketplaceCancellation(rowId)
  } catch (error) {
    const message = (error as Error).message
    container
      .resolve(ContainerRegistrationKeys.LOGGER)
      .warn(
        `syncguard: ${connector} order ${remoteOrderId}: out-of-stock cancellation not confirmed, retried: ${message}`
      )
    await syncguard.reopenMarketplaceOrder(rowId, message).catch(() => undefined)
  }
}

/**
 * A buyer asked to cancel: cancel the Medusa order (which releases its reservations) and
 * confirm the lines to the marketplace. Safe to repeat: a cancelled order is not cancelled
 * again, and lines already confirmed no longer show as requested in the feed.
 */
export async function applyCancellationRequest(
  container: MedusaContainer,
  marketplace: Marketplace,
  remoteOrderId: string,
  lineIds: string[]
): Promise<"canceled" | "pending" | "partial"> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const row = await syncguard.findMarketplaceOrder(marketplace.name, remoteOrderId)
  if (!row || row.status === "claimed") return "pending"
  if (row.status === "canceled") return "canceled"
  if (row.status === "created" && row.medusa_order_id) {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "order",
      fields: ["id", "status", "items.id", "items.variant_id", "items.metadata"],
      filters: { id: row.medusa_order_id },
    })
    const medusaOrder = data[0] as any
    const lines: string[] = (medusaOrder?.items ?? []).map((i: any) => String(i?.metadata?.marketplace_line_id ?? ""))
    if (lines.some((l) => l && !lineIds.includes(l))) {
      // Medusa cancels whole orders; a partial request is left to a person (and stays in the feed)
      return "partial"
    }
    if (medusaOrder && medusaOrder.status !== "canceled") {
      await cancelOrderWorkflow(container).run({ input: { order_id: row.medusa_order_id } })
    }
  }
  await marketplace.source.cancelLines(remoteOrderId, lineIds, "REQUESTED_BY_CUSTOMER")
  await syncguard.markMarketplaceOrderCanceled(row.id)
  return "canceled"
}
