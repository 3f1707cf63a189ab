"use strict"

/**
 * bol's wire conventions: versioned media types, Problem bodies (sent as the
 * route's vendor type, never application/problem+json), nginx-style HTML
 * error pages, and the plumbing to read a body and write a reply.
 */

const V10 = "application/vnd.retailer.v10+json"
const V11 = "application/vnd.retailer.v11+json"
/** also accepted by the shared process-status routes */
const ADVERTISER_V10 = "application/vnd.advertiser.v10+json"
const PROBLEM_TYPE = "https://api.bol.com/problems"
const MAX_BODY_BYTES = 5 * 1024 * 1024

/**
 * @typedef {{ name: string, reason: string }} Violation
 * @typedef {{
 *   status: number,
 *   body?: unknown,
 *   text?: string,
 *   contentType?: string,
 *   headers?: Record<string, string>,
 * }} Reply
 *   JSON `body`, or `text` sent as is; `contentType` defaults to the route's media type
 */

/**
 * @param {number} status
 * @param {string} title
 * @param {string} detail
 * @param {Violation[]} [violations]
 * @returns {Reply}
 */
function problem(status, title, detail, violations) {
  /** @type {Record<string, unknown>} */
  const body = { type: PROBLEM_TYPE, title, status, detail }
  if (violations && violations.length) body.violations = violations
  return { status, body }
}

/** @param {Violation[]} violations @returns {Reply} */
const badRequest = (violations) =>
  problem(400, "Bad Request", "Validation error, see violations for details.", violations)

/** @param {string} detail @returns {Reply} */
const notFound = (detail) => problem(404, "Not Found", detail)

const HTML_TITLES = /** @type {Record<number, string>} */ ({
  500: "500 Internal Server Error",
  502: "502 Bad Gateway",
  503: "503 Service Temporarily Unavailable",
  504: "504 Gateway Time-out",
})

/**
 * The page nginx serves when the upstream fails.
 * @param {number} status
 * @returns {Reply}
 */
function nginxError(status) {
  const title = HTML_TITLES[status] ?? `${status} Error`
  const text =
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
    `<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  return { status, text, contentType: "text/html; charset=UTF-8", headers: { server: "nginx" } }
}

/**
 * Media types in an Accept or Content-Type header, lower-cased, parameters dropped.
 * @param {string | string[] | undefined} h
 * @returns {string[]}
 */
function mediaTypes(h) {
  const raw = Array.isArray(h) ? h.join(",") : (h ?? "")
  return raw
    .split(",")
    .map((s) => s.split(";")[0].trim().toLowerCase())
    .filter(Boolean)
}

/**
 * @param {string | string[] | undefined} h
 * @returns {string | null}
 */
const headerValue = (h) => (Array.isArray(h) ? h[0] : h) ?? null

/**
 * @param {import("node:http").IncomingMessage} req
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
function readBody(req) {
  return new Promise((resolve) => {
    /** @type {Buffer[]} */
    const chunks = []
    let size = 0
    let tooLarge = false
    req.on("data", (c) => {
      size += c.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(c)
    })
    req.on("end", () => resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge }))
    req.on("error", () => resolve({ text: "", tooLarge }))
  })
}

/**
 * @param {import("node:http").ServerResponse} res
 * @param {Reply} r
 * @param {string} defaultType the route's media type
 */
function send(res, r, defaultType) {
  if (res.writableEnded || res.destroyed) return
  if (r.status === 204 || (r.body === undefined && r.text === undefined)) {
    res.writeHead(r.status, { ...r.headers })
    res.end()
    return
  }
  const payload = r.text ?? JSON.stringify(r.body)
  res.writeHead(r.status, {
    "content-type": r.contentType ?? `${defaultType};charset=UTF-8`,
    "content-length": Buffer.byteLength(payload),
    ...r.headers,
  })
  res.end(payload)
}

module.exports = {
  V10,
  V11,
  ADVERTISER_V10,
  PROBLEM_TYPE,
  problem,
  badRequest,
  notFound,
  nginxError,
  mediaTypes,
  headerValue,
  readBody,
  send,
}
