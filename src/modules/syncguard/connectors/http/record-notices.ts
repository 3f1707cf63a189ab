import type { AxiosInstance, AxiosResponse } from "axios"
import type { ApiNoticeSink } from "../contract"
import { parseDeprecationHeaders } from "./deprecation-headers"
import { plainHeaders } from "./exchange"

declare module "axios" {
  interface AxiosRequestConfig {
    /** the endpoint as a template ("PUT /retailer/offers/{offer-id}/stock"), for deprecation records */
    syncguardEndpoint?: string
  }
}

/** Ids in a path (numbers, UUIDs, long tokens) replaced so one endpoint is one record. */
export function endpointTemplate(method: string | undefined, url: string | undefined): string {
  const path = (url ?? "").replace(/^https?:\/\/[^/]+/, "").split("?")[0]
  const template = path
    .split("/")
    .map((seg) => (/^\d+$|^[0-9a-f-]{16,}$|^[A-Z0-9]{8,}$/i.test(seg) && /\d/.test(seg) ? "{id}" : seg))
    .join("/")
  return `${(method ?? "get").toUpperCase()} ${template || "/"}`
}

/** Reports every response's Deprecation / Sunset / Link rel="deprecation" headers to the sink. */
export function recordApiNotices(client: AxiosInstance, connector: string, sink: ApiNoticeSink | undefined): void {
  if (!sink) return
  const report = (response: AxiosResponse | undefined) => {
    if (!response) return
    const found = parseDeprecationHeaders(plainHeaders(response))
    if (!found) return
    const config = response.config
    const accept = (config.headers as Record<string, unknown> | undefined)?.Accept
    try {
      sink({
        connector,
        endpoint: config.syncguardEndpoint ?? endpointTemplate(config.method, config.url),
        mediaType: typeof accept === "string" ? accept : null,
        ...found,
      })
    } catch {
      // a record of a notice must never fail the request it rode on
    }
  }
  client.interceptors.response.use(
    (response) => {
      report(response)
      return response
    },
    (error) => {
      report(error?.response)
      return Promise.reject(error)
    }
  )
}
