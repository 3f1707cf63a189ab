/** The route's own bounds (AdminSetStockBuffer): checked here so the message sits next to the input. */
export const MAX_BUFFER = 100_000

/** The typed buffer as units, or why it cannot be sent. */
export function parseBuffer(text: string): { units: number; error: null } | { units: null; error: string } {
  const trimmed = text.trim()
  if (trimmed === "") return { units: null, error: "Enter the number of units to hold back" }
  if (!/^-?\d+(\.\d+)?$/.test(trimmed))
    return { units: null, error: "The buffer must be a whole number of units, e.g. 5" }
  const units = Number(trimmed)
  if (!Number.isInteger(units)) return { units: null, error: "The buffer must be a whole number of units" }
  if (units < 0) return { units: null, error: "The buffer cannot be negative" }
  if (units > MAX_BUFFER) return { units: null, error: `The buffer is at most ${MAX_BUFFER} units` }
  return { units, error: null }
}
