import type { DeliveryResult } from "../contract"
import { classifyHttpFailure } from "../http/classify"

/**
 * bol.com's error answers, read the way bol sends them: a Problem (`{title, status, detail,
 * violations}`) in the resource's own media type (not application/problem+json), OAuth errors
 * (`{error, error_description}`) from the token endpoint, and plain text or nginx HTML on 5xx.
 */
export function bolErrorMessage(status: number, body: unknown): string {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>
    const violations = Array.isArray(b.violations)
      ? (b.violations as Array<Record<string, unknown>>)
          .map((v) => `${String(v?.name ?? "?")}: ${String(v?.reason ?? "")}`)
          .join("; ")
      : ""
    const head = [b.title, b.detail ?? b.error_description ?? b.error].filter((x) => typeof x === "string" && x)
    const text = [head.join(": "), violations].filter(Boolean).join(" — ")
    if (text) return `HTTP ${status} ${text}`.slice(0, 1000)
  }
  if (typeof body === "string" && body.trim()) {
    const text = body
      .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .trim()
    return `HTTP ${status} ${text || "(empty)"}`.slice(0, 300)
  }
  return `HTTP ${status}`
}

/** bol signals an expired token with 401 and a Problem titled "Expired JWT" (detail "JWT expired at …"). */
export function isExpiredToken(status: number, body: unknown): boolean {
  if (status !== 401 || !body || typeof body !== "object") return false
  const b = body as Record<string, unknown>
  return /expired jwt/i.test(String(b.title ?? "")) || /jwt expired/i.test(String(b.detail ?? ""))
}

/** A failed answer of bol as a delivery result (the shared HTTP classification, bol's message). */
export function classifyBolFailure(
  status: number | undefined,
  body: unknown,
  extra: { code?: string; message?: string; retryAfterMs?: number } = {}
): Exclude<DeliveryResult, { outcome: "delivered" }> {
  const result = classifyHttpFailure({ status, body, ...extra })
  return status === undefined ? result : { ...result, message: bolErrorMessage(status, body) }
}
