import { randomBytes, randomUUID } from "node:crypto"
import { Webhook } from "standardwebhooks"

export const newWebhookSecret = () => `whsec_${randomBytes(32).toString("base64")}`

export type SignOptions = {
  /** the webhook-id (the event's id); default a fresh one */
  id?: string
  secret: string
  /** when the message was sent; default now */
  at?: Date
}

/** Headers and body of one push, signed per Standard Webhooks as any sender would. */
export function signedPush(type: string, data: Record<string, unknown>, options: SignOptions) {
  const id = options.id ?? `msg_${randomUUID()}`
  const at = options.at ?? new Date()
  const body = JSON.stringify({ type, timestamp: at.toISOString(), data })
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(options.secret).sign(id, at, body),
  }
  return { id, body, headers }
}
