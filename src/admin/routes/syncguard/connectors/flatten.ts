/** What the connectors route puts in place of a credential (policies/redact.ts). */
export const REDACTED = "[redacted]"

export type Setting = { key: string; value: unknown }

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

/**
 * A connector's options as `a.b.c` → value rows. Arrays of plain values stay one row; arrays
 * holding objects are walked by index, so a credential inside one still shows as hidden.
 */
export function flattenSettings(value: unknown, prefix = ""): Setting[] {
  const walkable =
    (isPlainObject(value) && Object.keys(value).length > 0) ||
    (Array.isArray(value) && value.some((item) => isPlainObject(item) || Array.isArray(item)))
  if (!walkable) return prefix ? [{ key: prefix, value }] : []
  const entries = Array.isArray(value)
    ? value.map((item, i) => [String(i), item] as const)
    : Object.entries(value as Record<string, unknown>)
  return entries.flatMap(([k, v]) => flattenSettings(v, prefix ? `${prefix}.${k}` : k))
}

export const isHidden = (value: unknown) => value === REDACTED

/** JSON as configured; undefined (dropped by JSON) shown as such. */
export const showValue = (value: unknown) => (value === undefined ? "undefined" : JSON.stringify(value))
