import { isAxiosError } from "axios"
import type { AxiosInstance, AxiosResponse } from "axios"
import type { BolConnectorConfig } from "../../config/options"
import type { ApiNoticeSink, WireExchange } from "../contract"
import { exchangeOf, plainHeaders } from "../http/exchange"
import { recordApiNotices } from "../http/record-notices"
import { createHttpClient } from "../rest/http-client"
import type { Throttle } from "../throttle"
import { fillPath } from "../rest/profile"
import type { BolEndpoint } from "./endpoints"
import { isExpiredToken } from "./problem"
import { BolTokenSource } from "./token"

export type BolCall = {
  endpoint: BolEndpoint
  path?: Record<string, string>
  query?: Record<string, string | number | boolean | string[] | undefined>
  body?: unknown
  /** re-checks the outbox lease right before the request goes (DeliveryRequest.beforeSend) */
  beforeSend?: () => Promise<void>
}

export type BolAnswer = { status: number; data: any; headers: Record<string, unknown>; exchange: WireExchange }

/** Gives each rate-limit group of a connector its own limiter (bol limits per endpoint). */
export type ThrottleFor = (group: string) => Throttle | undefined

/**
 * bol.com's Retailer API over HTTP: the shared token, the media type of each resource on
 * Accept and Content-Type, one limiter per endpoint group fed by that endpoint's rate-limit
 * headers, deprecation headers reported, and one retry with a fresh token on "Expired JWT".
 * Network failures (timeouts, cut connections) are thrown as axios errors for the caller to
 * classify; every answer, failed or not, is returned.
 */
export class BolApi {
  private readonly clients = new Map<string, AxiosInstance>()
  readonly tokens: BolTokenSource

  constructor(
    readonly connector: string,
    private readonly options: BolConnectorConfig,
    private readonly throttleFor: ThrottleFor,
    private readonly notices?: ApiNoticeSink
  ) {
    this.tokens = new BolTokenSource(
      connector,
      this.client("token"),
      options.tokenUrl,
      options.clientId,
      options.clientSecret
    )
  }

  async call(call: BolCall): Promise<BolAnswer> {
    const token = await this.tokens.get()
    const first = await this.send(call, token)
    if (!isExpiredToken(first.status, first.data)) return first
    // bol says a token we still held valid has expired (clock skew, a restart): one fresh try
    return this.send(call, await this.tokens.renewAfterRejection(token))
  }

  private async send(call: BolCall, token: string): Promise<BolAnswer> {
    const { endpoint } = call
    const mediaType = this.options.mediaTypes[endpoint.resource] as string
    const headers: Record<string, string> = { Accept: mediaType, Authorization: `Bearer ${token}` }
    if (call.body !== undefined) headers["Content-Type"] = mediaType
    const response: AxiosResponse = await this.client(endpoint.group)
      .request({
        method: endpoint.method,
        url: fillPath(endpoint.path, call.path ?? {}),
        params: call.query,
        // bol's list filters repeat the key (eans=1&eans=2), never eans[]=
        paramsSerializer: { indexes: null },
        data: call.body === undefined ? undefined : JSON.stringify(call.body),
        headers,
        syncguardBeforeSend: call.beforeSend,
        syncguardEndpoint: `${endpoint.method} ${endpoint.path}`,
      })
      // in-call retries that ran out end as an error that still carries bol's last answer
      .catch((error) => {
        if (isAxiosError(error) && error.response) return error.response
        throw error
      })
    return {
      status: response.status,
      data: response.data,
      headers: plainHeaders(response),
      exchange: exchangeOf(response.config, response),
    }
  }

  private client(group: string): AxiosInstance {
    let client = this.clients.get(group)
    if (!client) {
      client = createHttpClient({
        baseURL: this.options.baseUrl,
        timeoutMs: this.options.timeoutMs,
        // in-call retries only for answers that cannot have been applied (429, 502, 503)
        retries: 1,
        headers: {},
        throttle: this.throttleFor(group),
      })
      recordApiNotices(client, this.connector, this.notices)
      this.clients.set(group, client)
    }
    return client
  }
}
