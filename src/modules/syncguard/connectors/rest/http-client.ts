import axios, { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from "axios"
import axiosRetry from "axios-retry"
import { plainHeaders } from "../http/exchange"
import { parseRetryAfter } from "../http/retry-after"
import type { Throttle } from "../throttle"

type ThrottledConfig = InternalAxiosRequestConfig & {
  syncguardRelease?: () => void
  /** see DeliveryRequest.beforeSend */
  syncguardBeforeSend?: () => Promise<void>
}

declare module "axios" {
  interface AxiosRequestConfig {
    syncguardBeforeSend?: () => Promise<void>
  }
}

/** In-call retries wait at most this long; longer waits belong to the durable outbox retry. */
const MAX_IN_CALL_WAIT_MS = 1000

/**
 * Short in-call retries only where the request cannot have been applied (refused connection,
 * 429, 502/503) or where the Idempotency-Key makes a repeat harmless. A timeout or a reset
 * after sending is left to the outbox, which knows how to treat an unknown outcome.
 */
function isSafeToRetryInCall(error: AxiosError): boolean {
  if (!error.response) {
    return error.code === "ECONNREFUSED"
  }
  const status = error.response.status
  // not 504: a gateway gave up but the remote behind it may still commit (classify.ts), so the
  // message is verified by lookup after the settle window instead of being sent again now
  if (status === 429 || status === 502 || status === 503) {
    const wait = parseRetryAfter(error.response.headers?.["retry-after"] as string | undefined)
    return wait === undefined || wait <= MAX_IN_CALL_WAIT_MS
  }
  return false
}

export function createHttpClient(options: {
  baseURL: string
  timeoutMs: number
  retries: number
  headers: Record<string, string>
  throttle?: Throttle
}): AxiosInstance {
  const client = axios.create({
    baseURL: options.baseURL.replace(/\/+$/, ""),
    timeout: options.timeoutMs,
    headers: { "Content-Type": "application/json", "User-Agent": "medusa-plugin-syncguard", ...options.headers },
    // every status is a result to classify, not an exception
    validateStatus: () => true,
    // never follow the remote into a redirect with our credentials
    maxRedirects: 0,
  })
  attachAdmission(client, options.throttle)
  axiosRetry(client, {
    retries: options.retries,
    shouldResetTimeout: true,
    // validateStatus accepts all; tell axios-retry which responses count as failures
    validateResponse: (response) => response.status < 400 || ![429, 502, 503, 504].includes(response.status),
    retryCondition: (error) => isSafeToRetryInCall(error as AxiosError),
    retryDelay: (count, error) => {
      const wait = parseRetryAfter(error?.response?.headers?.["retry-after"] as string | undefined)
      const backoff = Math.random() * Math.min(MAX_IN_CALL_WAIT_MS, 100 * 2 ** count)
      return Math.min(MAX_IN_CALL_WAIT_MS, Math.max(wait ?? 0, backoff))
    },
  })
  return client
}

/**
 * Every request, in-call retries and lookups included, waits for the throttle, then proves
 * it still owns its message (the wait can outlast a lease). Registered before axios-retry so
 * that a slot is given back before a retry asks for a new one. The throttle never rejects
 * (a Redis fault is not the remote's), and hears about every answer: 429s, Retry-After and
 * rate-limit headers are how it learns the remote's limit.
 */
function attachAdmission(client: AxiosInstance, throttle?: Throttle) {
  client.interceptors.request.use(async (config: ThrottledConfig) => {
    if (throttle) {
      config.syncguardRelease = await throttle.acquire()
    }
    try {
      await config.syncguardBeforeSend?.()
    } catch (error) {
      config.syncguardRelease?.()
      config.syncguardRelease = undefined
      throw error
    }
    return config
  })
  if (!throttle) {
    return
  }
  const settle = (config: ThrottledConfig | undefined, response: AxiosResponse | undefined) => {
    config?.syncguardRelease?.()
    if (config) config.syncguardRelease = undefined
    if (response) {
      // synchronous and never throws; pauses everyone on 429 / Retry-After / nothing remaining
      throttle.observe({ status: response.status, headers: plainHeaders(response) })
    }
  }
  client.interceptors.response.use(
    (response) => {
      settle(response.config as ThrottledConfig, response)
      return response
    },
    (error: AxiosError) => {
      settle(error.config as ThrottledConfig | undefined, error.response)
      return Promise.reject(error)
    }
  )
}
