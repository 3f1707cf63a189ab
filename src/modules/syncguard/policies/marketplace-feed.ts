import type { MarketplaceOrderChange } from "../connectors/contract"

/**
 * The feed in the order the marketplace sold in (pure): placed first, first; an undated one
 * last. Times to the second tie often in a sale: ties keep the order given (the sort is stable),
 * so a connector hands its feed over oldest first where the remote's list is newest first.
 */
export function oldestFirst(changes: MarketplaceOrderChange[]): MarketplaceOrderChange[] {
  const at = (c: MarketplaceOrderChange) => {
    const t = Date.parse(c.placedAt ?? c.changedAt ?? "")
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
  }
  return [...changes].sort((a, b) => {
    const x = at(a)
    const y = at(b)
    return x === y ? 0 : x < y ? -1 : 1
  })
}
