import axios, { AxiosError, AxiosInstance } from "axios"
import axiosRetry from "axios-retry"
import { parseRetryAfter } from "../../utils/retry-after"

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
  axiosRetry(client, {
    retries: options.retries,
    shouldResetTimeout: true,
    // validateStatus accepts all; tell axios-retry which responses count as failures
    validateResponse: (response) => response.status < 400 || ![429, 502, 503, 504].includes(response.status),
    retryCondition: isSafeToRetryInCall,
    retryDelay: (count, error) => {
      const wait = parseRetryAfter(error?.response?.headers?.["retry-after"] as string | undefined)
      const backoff = Math.random() * Math.min(MAX_IN_CALL_WAIT_MS, 100 * 2 ** count)
      return Math.min(MAX_IN_CALL_WAIT_MS, Math.max(wait ?? 0, backoff))
    },
  })
  return client
}
