// A tiny JSON client over fetch: enough for Medusa's admin and store APIs.
import { DemoError, log, sleep } from "./log.mjs"

// `medusa develop` restarts its server whenever a file in the project changes (anything outside
// dot-folders, node_modules and src/admin), so the API can vanish for a few seconds mid-demo.
const RESTART_GRACE_MS = 60_000

/**
 * @param {string} baseUrl e.g. http://localhost:9000
 * @param {Record<string, string>} headers sent with every request (auth, publishable key)
 */
export function jsonClient(baseUrl, headers = {}) {
  async function send(method, path, body) {
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

  async function request(method, path, body) {
    const deadline = Date.now() + RESTART_GRACE_MS
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(method, path, body)
      } catch (err) {
        if (err instanceof DemoError) throw err
        const reason = err?.cause?.code ?? err?.cause?.message ?? err?.message
        if (!isSafeToRetry(err, method) || Date.now() > deadline) {
          throw new DemoError(`${method} ${path} failed: ${reason}`)
        }
        if (attempt === 1) log(`${method} ${path}: Medusa not reachable (${reason}), probably restarting; retrying`)
        await sleep(1000)
      }
    }
  }

  return {
    get: (path) => request("GET", path),
    post: (path, body = {}) => request("POST", path, body),
  }
}

/**
 * A refused connection never reached the server, so any request may be repeated. A dropped
 * one may have been processed: only reads are repeated then (a POST could create twice).
 */
function isSafeToRetry(err, method) {
  // With "localhost" resolving to ::1 and 127.0.0.1, undici may report an AggregateError.
  const code = err?.cause?.code ?? err?.cause?.errors?.[0]?.code
  if (code === "ECONNREFUSED") return true
  return method === "GET" && err?.name === "TypeError"
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
