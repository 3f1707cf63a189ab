import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/**
 * Inbound events about one subject (a level, a customer, a price, an order) apply one at a time
 * across every worker: Medusa's Locking module (Redis when the app configures it). The key is
 * our own, so Medusa's own locks (an inventory item's) can be taken inside it without deadlock.
 */
export async function withSubjectLock<T>(
  container: MedusaContainer,
  subject: string,
  work: () => Promise<T>
): Promise<T> {
  const locking = container.resolve(Modules.LOCKING)
  return locking.execute(`syncguard:inbound:${subject}`, work, { timeout: 30 })
}
