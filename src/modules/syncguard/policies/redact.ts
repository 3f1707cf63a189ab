import type { WireExchange } from "../connectors/contract"

export const REDACTED = "[redacted]"

/** Headers that always carry secrets, whatever the configuration says. */
export const ALWAYS_REDACTED_HEADERS = ["authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"]

/** Body keys redacted by default; the configured list adds to these. */
export const DEFAULT_REDACTED_KEYS = [
  "password",
  "secret",
  "token",
  "api_key",
  "apikey",
  "access_token",
  "refresh_token",
  "card_number",
  "cvc",
  "iban",
]

const normalize = (key: string) => key.toLowerCase().replace(/[-_\s]/g, "")

/**
 * A deep copy of `value` with every property whose name is in `keys` replaced (case and
 * separators ignored: "API-Key" matches "api_key"). Cycles and depth are bounded, so a
 * hostile payload cannot hang the snapshot writer.
 */
export function redact(value: unknown, keys: string[] = DEFAULT_REDACTED_KEYS, maxDepth = 20): unknown {
  const secret = new Set(keys.map(normalize))
  const seen = new WeakSet<object>()
  const walk = (v: unknown, depth: number): unknown => {
    if (v === null || typeof v !== "object") return v
    if (depth > maxDepth) return "[too deep]"
    if (seen.has(v as object)) return "[circular]"
    seen.add(v as object)
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1))
    const out: Record<string, unknown> = {}
    for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
      out[k] = secret.has(normalize(k)) ? REDACTED : walk(item, depth + 1)
    }
    return out
  }
  return walk(value, 0)
}

/** Headers with secrets replaced: the fixed list always, plus configured keys. */
export function redactHeaders(
  headers: Record<string, unknown> | undefined,
  keys: string[] = []
): Record<string, string> {
  const secret = new Set([...ALWAYS_REDACTED_HEADERS, ...keys].map(normalize))
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue
    out[k.toLowerCase()] = secret.has(normalize(k)) ? REDACTED : String(v)
  }
  return out
}

/** A snapshot of one exchange fit to store: authorization headers always, plus the built-in and configured keys. */
export function redactExchange(exchange: WireExchange, extraKeys: string[] = []): WireExchange {
  const keys = [...DEFAULT_REDACTED_KEYS, ...extraKeys]
  return {
    request: {
      ...exchange.request,
      headers: redactHeaders(exchange.request.headers, extraKeys),
      body: redact(exchange.request.body, keys),
    },
    response: exchange.response
      ? {
          status: exchange.response.status,
          headers: redactHeaders(exchange.response.headers, extraKeys),
          body: redact(exchange.response.body, keys),
        }
      : null,
  }
}

/** Option keys that hold credentials, beyond the body keys: shown to admins as "[redacted]". */
const SETTINGS_SECRET_KEYS = [...DEFAULT_REDACTED_KEYS, "clientSecret", "secrets", "authHeader", "privateKey"]

/**
 * A connector's options fit to show an admin: credential keys replaced, and a password inside a
 * URL (`https://user:pass@host`) too — a base URL is the usual place one slips into.
 */
export function redactSettings(settings: unknown): unknown {
  const masked = redact(settings, SETTINGS_SECRET_KEYS)
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return v.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/i, `$1${REDACTED}@`)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(masked)
}
