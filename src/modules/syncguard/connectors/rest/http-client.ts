import axios, { AxiosError, AxiosInstance, AxiosResponse, InternalAxiosRequestConfig } from "axios"
import axiosRetry from "axios-retry"
import { parseRetryAfter } from "../../utils/retry-after"
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
 * 429, 502/503/504) or where the Idempotency-Key makes a repeat harmless. A timeout or a reset
 * after sending is left to the outbox, which knows how to treat an unknown outcome.
 */
function isSafeToRetryInCall(error: AxiosError): boolean {
  if (!error.response) {
    return error.code === "ECONNREFUSED"
  }
  const status = error.response.status
  if (status === 429 || status === 502 || status === 503 || status === 504) {
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
 * that a slot is given back before a retry asks for a new one.
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
    if (response?.status === 429) {
      // everyone holds back for as long as the remote asked (1 s when it did not say)
      const wait = parseRetryAfter(response.headers?.["retry-after"] as string | undefined) ?? 1000
      void throttle.cooldown(Math.max(wait, 50)).catch(() => undefined)
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
