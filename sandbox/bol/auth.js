"use strict"

/**
 * login.bol.com's client-credentials flow (`POST /token`) and the bearer
 * check in front of every /retailer and /shared route. Tokens look like
 * bol's JWTs (RS256 header, bol's claims) but the signature is random bytes:
 * they are opaque to clients and only looked up here.
 */

const { randomBytes, uuid, isoSeconds } = require("./util")

/**
 * @typedef {{ clientId: string, issuedAt: number, expiresAt: number }} TokenRecord
 * @typedef {{ status: number, body: unknown }} TokenReply
 */

/** @param {unknown} v */
const b64url = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url")

class TokenStore {
  /**
   * @param {{ clientId: string, clientSecret: string, tokenTtlSec: number, retailerId: number }} config
   * @param {() => number} rng
   */
  constructor(config, rng) {
    this.config = config
    this.rng = rng
    /** @type {Map<string, TokenRecord>} */
    this.tokens = new Map()
    this.issued = 0
  }

  /**
   * @param {number} now
   * @returns {{ access_token: string, token_type: "Bearer", expires_in: number, scope: "RETAILER" }}
   */
  issue(now) {
    const { clientId, tokenTtlSec, retailerId } = this.config
    const expiresAt = now + tokenTtlSec * 1000
    const claims = {
      sub: clientId,
      azp: clientId,
      clientname: "syncguard-sandbox",
      iss: "https://login.bol.com",
      scopes: "RETAILER",
      exp: Math.ceil(expiresAt / 1000),
      iat: Math.floor(now / 1000),
      aid: `CLNTC:${uuid(this.rng)} SLR:${retailerId}`,
      "2fa": false,
      jti: uuid(this.rng),
    }
    const token = `${b64url({ kid: "rsa3", alg: "RS256" })}.${b64url(claims)}.${randomBytes(this.rng, 64).toString("base64url")}`
    this.tokens.set(token, { clientId, issuedAt: now, expiresAt })
    this.issued++
    return { access_token: token, token_type: "Bearer", expires_in: tokenTtlSec, scope: "RETAILER" }
  }

  /**
   * @param {string | undefined} authorization the request's Authorization header
   * @param {number} now
   * @returns {{ ok: true } | { ok: false, status: 401, body: Record<string, unknown> }}
   */
  check(authorization, now) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")
    const rec = m ? this.tokens.get(m[1]) : undefined
    if (!rec) {
      return {
        ok: false,
        status: 401,
        body: {
          type: "https://api.bol.com/problems",
          title: "Unauthorized",
          status: 401,
          detail: m ? "Invalid access token." : "Full authentication is required to access this resource.",
        },
      }
    }
    if (now >= rec.expiresAt) {
      return {
        ok: false,
        status: 401,
        body: {
          title: "Expired JWT",
          status: 401,
          detail:
            `JWT expired at ${isoSeconds(rec.expiresAt)}. Current time: ${isoSeconds(now)}, ` +
            `a difference of ${now - rec.expiresAt} milliseconds.  Allowed clock skew: 1000 milliseconds.`,
        },
      }
    }
    return { ok: true }
  }

  /** @param {number} now every token issued so far is expired from now on */
  expireAll(now) {
    for (const rec of this.tokens.values()) rec.expiresAt = Math.min(rec.expiresAt, now)
  }
}

/**
 * @param {string} error
 * @param {string} description
 * @param {number} [status]
 * @returns {TokenReply}
 */
const oauthError = (error, description, status = 400) => ({
  status,
  body: { error, error_description: description },
})

/**
 * `POST /token`. Client id and secret in `Authorization: Basic`, or as
 * `client_id`/`client_secret` form fields; `grant_type=client_credentials` in
 * the form body (or, as many integrators still do, the query). Credentials in
 * the URL query are refused.
 * @param {{ query: URLSearchParams, headers: import("node:http").IncomingHttpHeaders, text: string }} req
 * @param {TokenStore} store
 * @param {number} now
 * @returns {TokenReply}
 */
function tokenRoute(req, store, now) {
  for (const k of ["client_id", "client_secret", "clientId", "clientSecret", "secret"]) {
    if (req.query.has(k)) {
      return oauthError("invalid_request", "Client credentials must not be sent as URL query parameters.")
    }
  }
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase()
  const form = type === "application/x-www-form-urlencoded" ? new URLSearchParams(req.text) : new URLSearchParams()
  if (req.text.trim() !== "" && type !== "application/x-www-form-urlencoded") {
    return oauthError("invalid_request", "The request body must be application/x-www-form-urlencoded.")
  }
  const grantType = form.get("grant_type") ?? req.query.get("grant_type")
  if (!grantType) return oauthError("invalid_request", "Missing grant_type parameter value")
  if (grantType !== "client_credentials") {
    return oauthError("unsupported_grant_type", `Unsupported grant type: ${grantType}`)
  }

  let id = form.get("client_id")
  let secret = form.get("client_secret")
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")
  if (basic) {
    const decoded = Buffer.from(basic[1], "base64").toString("utf8")
    const colon = decoded.indexOf(":")
    id = colon >= 0 ? decoded.slice(0, colon) : decoded
    secret = colon >= 0 ? decoded.slice(colon + 1) : ""
  }
  if (id !== store.config.clientId || secret !== store.config.clientSecret) {
    return oauthError("invalid_client", "Bad client credentials", 401)
  }
  return { status: 200, body: store.issue(now) }
}

module.exports = { TokenStore, tokenRoute }
