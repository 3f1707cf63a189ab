import { randomBytes } from "node:crypto"
import { Webhook } from "standardwebhooks"
import { isInboundEventType, StandardWebhookSource } from "../connectors/webhooks/standard-webhooks"
import { InboundEventInvalidError, InboundRejectedError } from "../errors"

const newSecret = () => "whsec_" + randomBytes(32).toString("base64")

const payload = {
  type: "inventory.level.set",
  timestamp: "2026-06-15T12:00:00Z",
  data: { sku: "SKU-1", stocked_quantity: 12, sequence: 41 },
}
const rawBody = Buffer.from(JSON.stringify(payload))

type Headers = Record<string, string | string[] | undefined>

/** The headers a Standard Webhooks sender puts on `body`, signed with `secret` at `at`. */
function signed(secret: string, body: Buffer = rawBody, at: Date = new Date(), id = "msg_2Lh7nKq"): Headers {
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body.toString()),
  }
}

async function rejectionOf(promise: Promise<void>): Promise<InboundRejectedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(InboundRejectedError)
  return error as InboundRejectedError
}

describe("StandardWebhookSource.verifySignature", () => {
  const secret = newSecret()
  const source = new StandardWebhookSource([secret])

  it("accepts a body signed with the secret", async () => {
    await expect(source.verifySignature(rawBody, signed(secret))).resolves.toBeUndefined()
  })

  it("accepts headers given as arrays (the first value counts)", async () => {
    const h = signed(secret)
    const asArrays = Object.fromEntries(Object.entries(h).map(([k, v]) => [k, [v as string, "ignored"]]))
    await expect(source.verifySignature(rawBody, asArrays)).resolves.toBeUndefined()
  })

  it("rejects a body signed with another secret, saying the signature does not match", async () => {
    const error = await rejectionOf(source.verifySignature(rawBody, signed(newSecret())))
    expect(error.message).toContain("webhook-signature")
    expect(error.message).toContain("does not match")
  })

  it("verifies with every configured secret, so a rotation has no gap", async () => {
    const [old, next] = [newSecret(), newSecret()]
    const rotating = new StandardWebhookSource([old, next])
    await expect(rotating.verifySignature(rawBody, signed(old))).resolves.toBeUndefined()
    await expect(rotating.verifySignature(rawBody, signed(next))).resolves.toBeUndefined()
    const error = await rejectionOf(rotating.verifySignature(rawBody, signed(newSecret())))
    expect(error.message).toContain("webhook-signature")
  })

  it("rejects a tampered body", async () => {
    const h = signed(secret)
    const tampered = Buffer.from(JSON.stringify({ ...payload, data: { ...payload.data, stocked_quantity: 9999 } }))
    const error = await rejectionOf(source.verifySignature(tampered, h))
    expect(error.message).toContain("webhook-signature")
    // a single byte appended, and whitespace re-formatting, count as tampering too
    await rejectionOf(source.verifySignature(Buffer.concat([rawBody, Buffer.from(" ")]), h))
    await rejectionOf(source.verifySignature(Buffer.from(JSON.stringify(payload, null, 2)), h))
  })

  it("rejects a signature made for another webhook-id or timestamp", async () => {
    const h = signed(secret)
    await rejectionOf(source.verifySignature(rawBody, { ...h, "webhook-id": "msg_other" }))
    const later = String(Number(h["webhook-timestamp"]) + 1)
    await rejectionOf(source.verifySignature(rawBody, { ...h, "webhook-timestamp": later }))
  })

  it("rejects a timestamp more than 5 minutes in the past", async () => {
    const error = await rejectionOf(
      source.verifySignature(rawBody, signed(secret, rawBody, new Date(Date.now() - 6 * 60_000)))
    )
    expect(error.message).toContain("more than 5 minutes in the past")
  })

  it("rejects a timestamp more than 5 minutes in the future", async () => {
    const error = await rejectionOf(
      source.verifySignature(rawBody, signed(secret, rawBody, new Date(Date.now() + 6 * 60_000)))
    )
    expect(error.message).toContain("more than 5 minutes in the future")
  })

  it("accepts a timestamp within the tolerance either way", async () => {
    for (const offset of [-4 * 60_000, 4 * 60_000]) {
      await expect(
        source.verifySignature(rawBody, signed(secret, rawBody, new Date(Date.now() + offset)))
      ).resolves.toBeUndefined()
    }
  })

  it("rejects a timestamp that is not a number", async () => {
    const error = await rejectionOf(
      source.verifySignature(rawBody, { ...signed(secret), "webhook-timestamp": "yesterday" })
    )
    expect(error.message).toContain("webhook-timestamp must be the send time in Unix seconds")
  })

  it("rejects when any of the three headers is missing or empty", async () => {
    for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      for (const value of [undefined, ""]) {
        const h = { ...signed(secret), [header]: value }
        const error = await rejectionOf(source.verifySignature(rawBody, h))
        expect(error.message).toContain("Missing Standard Webhooks headers")
      }
    }
    const none = await rejectionOf(source.verifySignature(rawBody, {}))
    expect(none.message).toContain("Missing Standard Webhooks headers")
  })

  it("accepts a signature header with several entries when one matches", async () => {
    const h = signed(secret)
    const good = h["webhook-signature"] as string
    const bad = "v1," + randomBytes(32).toString("base64")
    await expect(
      source.verifySignature(rawBody, { ...h, "webhook-signature": `${bad} ${good}` })
    ).resolves.toBeUndefined()
    await expect(
      source.verifySignature(rawBody, { ...h, "webhook-signature": `${good} ${bad}` })
    ).resolves.toBeUndefined()
    // the asymmetric scheme (v1a) is not supported: it is skipped, not an error
    const v1a = "v1a," + randomBytes(64).toString("base64")
    await expect(
      source.verifySignature(rawBody, { ...h, "webhook-signature": `${v1a} ${good}` })
    ).resolves.toBeUndefined()
  })

  it("rejects a signature header whose only entry is v1a, or the right HMAC under another version", async () => {
    const h = signed(secret)
    const mac = (h["webhook-signature"] as string).split(",")[1]
    for (const signature of ["v1a," + randomBytes(64).toString("base64"), `v1a,${mac}`, `v2,${mac}`, mac]) {
      const error = await rejectionOf(source.verifySignature(rawBody, { ...h, "webhook-signature": signature }))
      expect(error.message).toContain("webhook-signature")
    }
  })

  it("rejects a webhook-id longer than 200 characters, before any verification", async () => {
    const id = "m".repeat(201)
    const error = await rejectionOf(source.verifySignature(rawBody, signed(secret, rawBody, new Date(), id)))
    expect(error.message).toBe("webhook-id is longer than 200 characters")
    await expect(
      source.verifySignature(rawBody, signed(secret, rawBody, new Date(), "m".repeat(200)))
    ).resolves.toBeUndefined()
  })

  it("refuses a secret that is not base64 at construction", () => {
    expect(() => new StandardWebhookSource(["whsec_"])).toThrow()
  })
})

describe("StandardWebhookSource.parse", () => {
  const source = new StandardWebhookSource([newSecret()])

  it("returns the one event, its id the webhook-id", () => {
    expect(source.parse(rawBody, { "webhook-id": "msg_2Lh7nKq" })).toEqual([
      {
        id: "msg_2Lh7nKq",
        type: "inventory.level.set",
        occurredAt: "2026-06-15T12:00:00Z",
        data: payload.data,
        version: 41,
      },
    ])
    expect(source.parse(rawBody, { "webhook-id": ["msg_a", "msg_b"] })[0].id).toBe("msg_a")
  })

  it("is an inbound-events source", () => {
    expect(source.profile).toBe("inbound-events")
  })

  it("lets the profile's rejections through", () => {
    expect(() => source.parse(Buffer.from("nope"), { "webhook-id": "msg_1" })).toThrow(InboundEventInvalidError)
    expect(() =>
      source.parse(Buffer.from(JSON.stringify({ type: "order.deleted", data: {} })), { "webhook-id": "msg_1" })
    ).toThrow(/Unknown event type/)
  })
})

describe("isInboundEventType", () => {
  it("knows the profile's types and nothing else", () => {
    expect(isInboundEventType("price.updated")).toBe(true)
    expect(isInboundEventType("order.deleted")).toBe(false)
    expect(isInboundEventType("constructor")).toBe(false)
  })
})
