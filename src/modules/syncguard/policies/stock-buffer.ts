/**
 * How many units to hold back from a marketplace (pure): what is expected to sell on the other
 * channels while a change is on its way there. Sales velocity (units a second, all channels) ×
 * the measured sync lag p95 (change → marketplace acknowledgement), rounded up, plus the floor,
 * never more than the cap.
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
