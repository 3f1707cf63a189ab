/**
 * What a response says about its API's retirement (pure): `Deprecation` (RFC 9745: `@<unix
 * seconds>`; older drafts sent `true` or an HTTP date), `Sunset` (RFC 8594: an HTTP date) and
 * `Link: <…>; rel="deprecation"` (or rel="sunset"). Header names are matched case-insensitively.
 */
export type DeprecationHeaders = {
  /** when the API was (or will be) deprecated, ISO; "true" for a bare `Deprecation: true` */
  deprecation: string | null
  sunset: string | null
  link: string | null
}

export function parseDeprecationHeaders(
  headers: Record<string, unknown> | null | undefined
): DeprecationHeaders | null {
  if (!headers) return null
  const get = (name: string): string | null => {
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === name)
        return Array.isArray(value) ? value.join(", ") : value == null ? null : String(value)
    }
    return null
  }
  const deprecation = parseDeprecation(get("deprecation"))
  const sunset = parseHttpDate(get("sunset"))
  const link = parseDeprecationLink(get("link"))
  if (!deprecation && !sunset && !link) return null
  return { deprecation, sunset, link }
}

function parseDeprecation(raw: string | null): string | null {
  if (!raw) return null
  const value = raw.trim()
  const epoch = /^@(-?\d+)$/.exec(value)
  if (epoch) return new Date(Number(epoch[1]) * 1000).toISOString()
  if (/^true$/i.test(value)) return "true"
  return parseHttpDate(value)
}

function parseHttpDate(raw: string | null): string | null {
  if (!raw) return null
  const ms = Date.parse(raw.trim())
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** The target of the first link whose rel names deprecation or sunset. */
function parseDeprecationLink(raw: string | null): string | null {
  if (!raw) return null
  for (const part of raw.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part)
    if (m && /;\s*rel\s*=\s*"?[^";]*\b(deprecation|sunset)\b/i.test(m[2])) return m[1]
  }
  return null
}

/** Whether a sunset falls within `horizonDays` of `now` (a past sunset counts too). */
export function sunsetWithin(sunset: string | null, horizonDays: number, now: number): boolean {
  if (!sunset) return false
  const at = Date.parse(sunset)
  return !Number.isNaN(at) && at - now <= horizonDays * 86_400_000
}
