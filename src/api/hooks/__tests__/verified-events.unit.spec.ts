import { Readable } from "node:stream"
import { gzipSync } from "node:zlib"
import type { IncomingMessage } from "node:http"
import { MedusaError } from "@medusajs/framework/utils"
import type { InboundSource } from "../../../modules/syncguard/connectors/contract"
import { InboundBodyRefusedError, InboundRejectedError } from "../../../modules/syncguard/errors"
import { rejectedPushes } from "../../../modules/syncguard/inbound/rejections"
import { HOOK_BODY_LIMIT } from "../raw-body"
import { verifiedEvents } from "../verified-events"

/** A request as Node hands it to the route: a stream of the bytes sent, with its headers. */
function request(body: Buffer | string, headers: Record<string, string> = {}): IncomingMessage {
  const stream = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage & { complete: boolean }
  stream.headers = headers
  stream.complete = false
  stream.on("end", () => (stream.complete = true))
  return stream
}

/**
 * A marketplace-like source (bol's shape): its own signature header and its own parse, which
 * throws a MedusaError for a body it cannot read. Records what it was asked, in order.
 */
function source(signature = "good") {
  const calls: string[] = []
  const s: InboundSource = {
    profile: "marketplace-notifications",
    async verifySignature(raw, headers) {
      calls.push(`verify ${raw.toString()}`)
      if (headers.signature !== signature) throw new InboundRejectedError("signature does not match the body")
    },
    parse(raw) {
      calls.push(`parse ${raw.toString()}`)
      let body: any
      try {
        body = JSON.parse(raw.toString())
      } catch {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, "The body is not JSON")
      }
      if (!body?.event) throw new MedusaError(MedusaError.Types.INVALID_DATA, "Expected a notification")
      return [{ id: "1", type: "ORDER.CREATED", occurredAt: null, data: body.event }]
    },
  }
  return { source: s, calls }
}

let n = 0
const fresh = () => `unit-${++n}`
const counted = (name: string) => rejectedPushes()[name] ?? {}

describe("verifiedEvents: raw body, then signature, then parse, every refusal counted", () => {
  it("refuses a bad signature on any body before parsing it", async () => {
    for (const body of ["{nope", "null", "42", '"x"', '{"event":{}}']) {
      const name = fresh()
      const { source: s, calls } = source()
      await expect(verifiedEvents(s, name, request(body, { signature: "forged" }))).rejects.toThrow(
        InboundRejectedError
      )
      expect(calls).toEqual([`verify ${body}`])
      expect(counted(name)).toEqual({ signature: 1 })
    }
  })

  it("parses a signed body only after its signature held; what the parser refuses is counted as body", async () => {
    const name = fresh()
    const { source: s, calls } = source()
    await expect(verifiedEvents(s, name, request("{nope", { signature: "good" }))).rejects.toThrow(
      "The body is not JSON"
    )
    await expect(verifiedEvents(s, name, request("null", { signature: "good" }))).rejects.toThrow(
      "Expected a notification"
    )
    expect(calls).toEqual(["verify {nope", "parse {nope", "verify null", "parse null"])
    expect(counted(name)).toEqual({ body: 2 })
    const events = await verifiedEvents(s, name, request('{"event":{"a":1}}', { signature: "good" }))
    expect(events).toHaveLength(1)
    expect(counted(name)).toEqual({ body: 2 })
  })

  it("refuses no body and a body past the limit before any signature is looked at", async () => {
    const name = fresh()
    const { source: s, calls } = source()
    await expect(verifiedEvents(s, name, request("", { signature: "good" }))).rejects.toThrow("Expected a JSON body")
    const big = "x".repeat(HOOK_BODY_LIMIT + 1)
    await expect(verifiedEvents(s, name, request(big, { signature: "good" }))).rejects.toMatchObject({
      status: 413,
      message: "The body is larger than 256 kB",
    })
    // a length header past the limit is refused without reading the stream
    await expect(
      verifiedEvents(s, name, request("{}", { signature: "good", "content-length": String(HOOK_BODY_LIMIT + 1) }))
    ).rejects.toBeInstanceOf(InboundBodyRefusedError)
    expect(calls).toEqual([])
    expect(counted(name)).toEqual({ body: 3 })
  })

  it("verifies and parses a gzip body as the bytes it decodes to; an unknown encoding is a 415", async () => {
    const name = fresh()
    const { source: s, calls } = source()
    const body = '{"event":{"a":1}}'
    const events = await verifiedEvents(
      s,
      name,
      request(gzipSync(body), { signature: "good", "content-encoding": "gzip" })
    )
    expect(events[0].data).toEqual({ a: 1 })
    expect(calls).toEqual([`verify ${body}`, `parse ${body}`])
    await expect(
      verifiedEvents(s, name, request(body, { signature: "good", "content-encoding": "br" }))
    ).rejects.toMatchObject({ status: 415 })
    await expect(
      verifiedEvents(s, name, request("not gzip", { signature: "good", "content-encoding": "gzip" }))
    ).rejects.toMatchObject({ status: 400 })
    expect(counted(name)).toEqual({ body: 2 })
  })

  it("takes the bytes a host app's own parser kept, as they are", async () => {
    const name = fresh()
    const { source: s, calls } = source()
    const req = Object.assign(request(""), { rawBody: Buffer.from('{"event":{"b":2}}') })
    req.resume()
    await new Promise((r) => req.on("end", r))
    const events = await verifiedEvents(s, name, Object.assign(req, { headers: { signature: "good" } }))
    expect(events[0].data).toEqual({ b: 2 })
    expect(calls).toHaveLength(2)
  })
})
