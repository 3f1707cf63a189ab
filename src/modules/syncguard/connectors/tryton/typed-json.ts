/**
 * Tryton's typed JSON: Decimal, date and bytes travel as `{ "__class__": ... }` objects.
 * Amounts are sent as Decimal strings so that no float rounding reaches the ERP's books.
 */
export type TrytonDecimal = { __class__: "Decimal"; decimal: string }

export function toDecimal(value: number | string): TrytonDecimal {
  const n = typeof value === "number" ? value : Number(value)
  if (!Number.isFinite(n)) {
    throw new Error(`not a number: ${String(value)}`)
  }
  // enough places for any currency Tryton rounds to, without float noise (0.1+0.2)
  return { __class__: "Decimal", decimal: String(Number(n.toFixed(6))) }
}

/** A Tryton Decimal, number or numeric string as a number; null stays null. */
export function fromDecimal(value: unknown): number | null {
  if (value === null || value === undefined || value === false) {
    return null
  }
  if (typeof value === "object" && (value as { __class__?: string }).__class__ === "Decimal") {
    return Number((value as TrytonDecimal).decimal)
  }
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

/** A Tryton date or datetime as an ISO string (dates as YYYY-MM-DD); anything else is null. */
export function fromDate(value: unknown): string | null {
  if (!value || typeof value !== "object") {
    return null
  }
  const v = value as Record<string, number | string>
  const pad = (n: unknown, w = 2) => String(n ?? 0).padStart(w, "0")
  if (v.__class__ === "date") {
    return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}`
  }
  if (v.__class__ === "datetime") {
    // naive UTC on the wire
    return `${pad(v.year, 4)}-${pad(v.month)}-${pad(v.day)}T${pad(v.hour)}:${pad(v.minute)}:${pad(v.second)}Z`
  }
  return null
}

/** Tryton's bytes (`{__class__: "bytes", base64}`) or a plain string as a Buffer. */
export function fromBytes(value: unknown): Buffer | null {
  if (typeof value === "string") {
    return Buffer.from(value, "utf8")
  }
  if (value && typeof value === "object" && (value as { __class__?: string }).__class__ === "bytes") {
    return Buffer.from(String((value as { base64: string }).base64), "base64")
  }
  return null
}
