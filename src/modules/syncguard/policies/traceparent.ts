import { randomBytes } from "node:crypto"

/**
 * A W3C traceparent whose trace id is the correlation id's hex, so one id joins the
 * message, its attempts, our logs and the remote's logs. Each attempt is its own span.
 */
export function traceparentFor(correlationId: string, spanId: string = randomBytes(8).toString("hex")): string {
  const hex = correlationId
    .replace(/^sgc_/, "")
    .replace(/[^0-9a-f]/gi, "")
    .toLowerCase()
  const traceId = (hex + "0".repeat(32)).slice(0, 32)
  // all-zero ids are invalid in W3C trace context
  const safeTrace = /^0+$/.test(traceId) ? "1".padStart(32, "0") : traceId
  return `00-${safeTrace}-${spanId}-01`
}
