/**
 * Parses an HTTP Retry-After header (RFC 9110 §10.2.3): either delta-seconds or an HTTP-date.
 * Returns milliseconds from `now`, or undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined | null,
  now: Date = new Date()
): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value
  if (raw === undefined || raw === null) {
    return undefined
  }
  const text = String(raw).trim()
  if (text === "") {
    return undefined
  }
  if (/^\d+$/.test(text)) {
    return Number(text) * 1000
  }
  // an HTTP-date always names its weekday or month; this keeps "-5" or "1.5" out of Date.parse
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN
  if (Number.isNaN(at)) {
    return undefined
  }
  return Math.max(0, at - now.getTime())
}
