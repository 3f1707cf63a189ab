import { Webhook } from "standardwebhooks"
import { InboundRejectedError } from "../../errors"
import { INBOUND_EVENT_TYPES, parseInboundEvent } from "../../inbound/profile"
import type { InboundSource, PushedEvent } from "../contract"

type Headers = Record<string, string | string[] | undefined>

const WHY: Record<string, string> = {
  "Missing required headers":
    "Missing Standard Webhooks headers: webhook-id, webhook-timestamp and webhook-signature are all required",
  "Invalid Signature Headers": "webhook-timestamp must be the send time in Unix seconds",
  "Message timestamp too old": "webhook-timestamp is more than 5 minutes in the past (replayed or delayed message)",
  "Message timestamp too new": "webhook-timestamp is more than 5 minutes in the future (check the sender's clock)",
  "No matching signature found":
    "webhook-signature does not match the body with any configured secret (expected v1,<base64 HMAC-SHA256 of id.timestamp.body>)",
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)

/**
 * Pushes signed per the Standard Webhooks spec (https://www.standardwebhooks.com), verified with
 * the reference library over the exact raw bytes. Every configured secret is tried, so a
 * sender can move to a new secret while the old one still verifies (rotation without a gap).
 * The body is the inbound profile (inbound/profile.ts); the webhook-id is the event's id.
 */
export class StandardWebhookSource implements InboundSource {
  readonly profile = "inbound-events" as const
  private readonly verifiers: Webhook[]

  constructor(secrets: string[]) {
    this.verifiers = secrets.map((s) => new Webhook(s))
  }

  async verifySignature(rawBody: Buffer, headers: Headers): Promise<void> {
    const h = {
      "webhook-id": one(headers["webhook-id"]) ?? "",
      "webhook-timestamp": one(headers["webhook-timestamp"]) ?? "",
      "webhook-signature": one(headers["webhook-signature"]) ?? "",
    }
    if (h["webhook-id"].length > 200) throw new InboundRejectedError("webhook-id is longer than 200 characters")
    // only a secret whose signature the header carries is verified (by the library, clock
    // included): a rotation in progress costs no failed verification and its stack trace
    const offered = h["webhook-signature"].split(" ")
    const at = new Date(Number(h["webhook-timestamp"]) * 1000)
    const signs = (v: Webhook) => {
      try {
        return offered.includes(v.sign(h["webhook-id"], at, rawBody))
      } catch {
        return false
      }
    }
    const matching = Number.isFinite(at.getTime()) ? this.verifiers.filter(signs) : []
    // no secret signs it: the library's own verdict (missing header, clock, or no match) with the first
    let last: unknown = null
    for (const verifier of matching.length ? matching : this.verifiers.slice(0, 1)) {
      try {
        verifier.verify(rawBody, h, { jsonParse: false })
        return
      } catch (error) {
        last = error
      }
    }
    const message = last instanceof Error ? last.message : String(last)
    throw new InboundRejectedError(WHY[message] ?? `Signature rejected: ${message}`)
  }

  parse(rawBody: Buffer, headers: Headers): PushedEvent[] {
    const event = parseInboundEvent(rawBody)
    return [
      {
        id: one(headers["webhook-id"])!,
        type: event.type,
        occurredAt: event.occurredAt,
        data: event.data,
        version: event.version,
      },
    ]
  }
}

export const isInboundEventType = (type: string) => (INBOUND_EVENT_TYPES as string[]).includes(type)
