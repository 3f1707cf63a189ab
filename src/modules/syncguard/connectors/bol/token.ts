import type { AxiosInstance } from "axios"
import { UpstreamError } from "../../errors"

/** Refresh at most this long before the token's own expiry (bol: "recycle your token until it expires"). */
const MAX_REFRESH_MARGIN_MS = 30_000

/**
 * How long before its expiry a token is renewed (pure): a tenth of its announced lifetime, at
 * most 30 s. A fixed 30 s margin on a token that lives 20 s would fetch a new one on every call.
 */
export function refreshMarginMs(lifetimeMs: number): number {
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return 0
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.floor(lifetimeMs / 10))
}

type Token = { value: string; expiresAt: number; refreshAt: number }

/**
 * bol.com's client-credentials token (POST /token, Basic auth, form body), one per process and
 * connector: every concurrent call shares it, and at most one request for a new one is in flight
 * (bol blocks clients that fetch tokens too often). Refreshed shortly before it expires, and
 * once more when the API answers "Expired JWT" for a token we still thought valid.
 */
export class BolTokenSource {
  private token: Token | null = null
  private pending: Promise<Token> | null = null

  constructor(
    private readonly connector: string,
    private readonly http: AxiosInstance,
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly now: () => number = Date.now
  ) {}

  /** A token valid for a while yet. */
  async get(): Promise<string> {
    const token = this.token
    if (token && token.refreshAt > this.now()) return token.value
    return (await this.refresh(token?.value ?? null)).value
  }

  /**
   * The API rejected `rejected` as expired: fetch a new one, unless another call already did
   * (then that one is used: a burst of 401s costs one token request).
   */
  async renewAfterRejection(rejected: string): Promise<string> {
    if (this.token && this.token.value !== rejected) return this.token.value
    return (await this.refresh(rejected)).value
  }

  private refresh(stale: string | null): Promise<Token> {
    if (this.pending) return this.pending
    if (this.token && this.token.value !== stale && this.token.refreshAt > this.now()) {
      return Promise.resolve(this.token)
    }
    this.pending = this.request().finally(() => {
      this.pending = null
    })
    return this.pending
  }

  private async request(): Promise<Token> {
    const basic = Buffer.from(`${this.clientId}:${this.clientSecret}`).toString("base64")
    const started = this.now()
    // only grant_type goes in the body; the credentials never in a URL (bol rejects them there)
    const response = await this.http.post(this.tokenUrl, "grant_type=client_credentials", {
      headers: {
        Authorization: `Basic ${basic}`,
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/json",
      },
      syncguardEndpoint: "POST /token",
    })
    const body = response.data as { access_token?: unknown; expires_in?: unknown; error_description?: unknown }
    if (response.status !== 200 || typeof body?.access_token !== "string") {
      const why = typeof body?.error_description === "string" ? body.error_description : `HTTP ${response.status}`
      throw new UpstreamError(this.connector, `bol.com token request failed: ${why}`, response.status)
    }
    const ttlMs = typeof body.expires_in === "number" && body.expires_in > 0 ? body.expires_in * 1000 : 299_000
    this.token = {
      value: body.access_token,
      expiresAt: started + ttlMs,
      refreshAt: started + ttlMs - refreshMarginMs(ttlMs),
    }
    return this.token
  }
}
