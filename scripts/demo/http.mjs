// A tiny JSON client over fetch: enough for Medusa's admin and store APIs.
import { DemoError } from "./log.mjs"

/**
 * @param {string} baseUrl e.g. http://localhost:9000
 * @param {Record<string, string>} headers sent with every request (auth, publishable key)
 */
export function jsonClient(baseUrl, headers = {}) {
  async function request(method, path, body) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    })
    const text = await res.text()
    const data = text ? safeJson(text) : {}
    if (!res.ok) {
      // Medusa answers { type, message }; its 400s name the offending field, so pass it on.
      const err = new DemoError(`${method} ${path} -> ${res.status}: ${data?.message ?? text.slice(0, 300)}`)
      err.status = res.status
      err.body = data
      throw err
    }
    return data
  }
  return {
    get: (path) => request("GET", path),
    post: (path, body = {}) => request("POST", path, body),
  }
}

function safeJson(text) {
  try {
    return JSON.parse(text)
  } catch {
    return { message: text.slice(0, 300) }
  }
}

/** Builds "?a=1&b=2" from an object, skipping undefined values. */
export function qs(params) {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined) search.set(k, String(v))
  const s = search.toString()
  return s ? `?${s}` : ""
}
