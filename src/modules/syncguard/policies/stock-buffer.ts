/**
 * How many units to hold back from a marketplace (pure): what is expected to sell on the other
 * channels while a unit can still be sold on both. Sales velocity on the other channels (units a
 * second, see saleVelocity) × the loop lag (see loopLagMs), rounded up, plus the floor, never
 * more than the cap.
 */
export type BufferInputs = {
  velocityPerSecond: number
  lagP95Ms: number
  floor: number
  max: number
}

export function bufferUnits({ velocityPerSecond, lagP95Ms, floor, max }: BufferInputs): number {
  const v = Number.isFinite(velocityPerSecond) && velocityPerSecond > 0 ? velocityPerSecond : 0
  const lag = Number.isFinite(lagP95Ms) && lagP95Ms > 0 ? lagP95Ms : 0
  // a tiny product (1e-12) must not become a whole unit through float noise
  const expected = Math.ceil(Number((v * (lag / 1000)).toFixed(9)))
  return Math.max(0, Math.min(Math.max(0, max), Math.max(0, floor) + expected))
}

/** What the marketplace is to show: never below zero. */
export function publishedAmount(available: number, buffer: number): number {
  return Math.max(0, Math.floor(available) - Math.max(0, Math.floor(buffer)))
}

/** A SKU is low when the buffer takes all it has. */
export const isLowStock = (available: number, buffer: number): boolean => available <= buffer

/**
 * Units a second, from the units sold over a long window and over a short one: the faster of
 * the two. The long window alone averages a sale that started minutes ago over the hour (8 units
 * in its first minute read as 0.13 a minute); the short one alone forgets a steady seller.
 */
export function saleVelocity(input: {
  longUnits: number
  longWindowMs: number
  shortUnits: number
  shortWindowMs: number
}): number {
  const rate = (units: number, ms: number) => (Number.isFinite(units) && units > 0 && ms > 0 ? units / (ms / 1000) : 0)
  return Math.max(rate(input.longUnits, input.longWindowMs), rate(input.shortUnits, input.shortWindowMs))
}

/**
 * The whole loop a unit can be sold twice in, both ways (pure): a sale elsewhere until the
 * marketplace acknowledged the lower amount (`ackLagP95Ms`), and a sale on the marketplace until
 * Medusa reserved it (`importLagP95Ms`: the poll interval plus the import), during which the
 * storefront can still sell it. A side not measured yet counts as its assumed default.
 */
export function loopLagMs(input: {
  ackLagP95Ms: number | null
  importLagP95Ms: number | null
  defaultAckLagMs: number
  defaultImportLagMs: number
}): number {
  const or = (v: number | null, d: number) => (v !== null && Number.isFinite(v) && v >= 0 ? v : Math.max(0, d))
  return or(input.ackLagP95Ms, input.defaultAckLagMs) + or(input.importLagP95Ms, input.defaultImportLagMs)
}

export type StockRule = "open-orders" | "since-update"

/**
 * The amount to send a marketplace (pure). `available` is Medusa's (stocked − every
 * reservation); `held` the part of those reservations that is this marketplace's own open
 * orders. Under "open-orders" the marketplace subtracts every open order of its own itself,
 * imported or not, so what we send must include the units we hold for them: otherwise the
 * imported ones count twice. Under "since-update" it subtracts only orders placed after the
 * write, so Medusa's availability is sent as it is (and an order placed before the write that
 * Medusa has not imported yet is in neither figure).
 */
export function marketplaceAmount(input: { available: number; held: number; buffer: number; rule: StockRule }) {
  const held = input.rule === "open-orders" ? Math.max(0, Math.floor(input.held)) : 0
  return publishedAmount(input.available + held, input.buffer)
}
