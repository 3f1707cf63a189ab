import type { AxiosResponse } from "axios"
import type { WireExchange } from "../contract"

/** What went over the wire for one axios call, for the attempt's (redacted) snapshot. */
export function exchangeOf(config: any, response: AxiosResponse | null): WireExchange {
  let body: unknown = config?.data
  if (typeof body === "string") {
    try {
      body = JSON.parse(body)
    } catch {
      // keep the text
    }
  }
  return {
    request: {
      method: String(config?.method ?? "").toUpperCase(),
      url: `${config?.baseURL ?? ""}${config?.url ?? ""}`,
      headers: { ...(config?.headers?.toJSON?.() ?? config?.headers ?? {}) },
      body,
    },
    response: response
      ? { status: response.status, headers: { ...(response.headers as Record<string, unknown>) }, body: response.data }
      : null,
  }
}

/** An axios response's headers as a plain object (AxiosHeaders serialises through toJSON). */
export function plainHeaders(response: AxiosResponse | undefined): Record<string, unknown> {
  const headers = response?.headers as { toJSON?: () => Record<string, unknown> } | undefined
  if (!headers) return {}
  return typeof headers.toJSON === "function" ? headers.toJSON() : { ...(headers as Record<string, unknown>) }
}
