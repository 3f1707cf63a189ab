import { randomBytes } from "node:crypto"
import type { EntityDescriptor } from "./descriptor"

export const STOCK_OPERATIONS = ["stock.set"] as const
export type StockOperation = (typeof STOCK_OPERATIONS)[number]

/**
 * A variant's stock on a channel is a state, not a sequence of deltas: a message names the
 * variant and carries no quantity; delivery computes what is available when it sends
 * (delivery/stock-state.ts). While one is unsent, further changes only move its change time, so
 * a burst of changes costs one or two writes and an older amount can never land after a newer.
 * The entity id is the variant id.
 */
export const stockEntity: EntityDescriptor<StockOperation> = {
  type: "stock",
  operations: STOCK_OPERATIONS,
  // loaded by its own loader (available quantity, buffer), not by Query fields
  fields: [],
  enqueueFields: ["id"],
  // every change is new: a replayed event can at most publish the current state once more
  version: () => `${Date.now()}.${randomBytes(4).toString("hex")}`,
  changedAt: () => new Date(),
  dependsOn: () => null,
  coalesces: true,
}
