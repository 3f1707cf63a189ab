import { createBolMarketplace, BolMarketplace } from "../../../../../../sandbox"
import { parseSyncguardOptions } from "../../../config/options"
import type { ApiNotice, DeliveryRequest, StockState } from "../../contract"
import { createThrottle, resolveRateLimit, Throttle } from "../../throttle"
import { BolConnector } from "../bol-connector"
import { refreshMarginMs } from "../token"

// The bol connector against the bol-shaped sandbox: what goes over the wire, and how answers
// are read. The connector alone: no Medusa, no database.
const OFFERS = [
  { offerId: "00000000-0000-4000-8000-0000000000a1", ean: "8710000000901", reference: "SKU-A", stock: 3 },
  { offerId: "00000000-0000-4000-8000-0000000000b2", ean: "8710000000902", reference: "SKU-B", stock: 3 },
]

let bol: BolMarketplace
let notices: ApiNotice[]

function connector(overrides: Record<string, unknown> = {}): BolConnector {
  const config = parseSyncguardOptions({
    connectors: {
      bol: {
        kind: "bol",
        baseUrl: bol.url,
        tokenUrl: `${bol.url}/token`,
        clientId: "client",
        clientSecret: "secret",
        timeoutMs: 2000,
        processStatus: { pollIntervalMs: 50, maxWaitMs: 1500 },
        ...overrides,
      },
    },
  }).connectors.bol
  if (config.kind !== "bol") throw new Error("not bol")
  const throttles = new Map<string, Throttle>()
  const throttleFor = (group: string) => {
    if (!throttles.has(group)) throttles.set(group, createThrottle(`bol:${group}`, resolveRateLimit({}), null))
    return throttles.get(group)
  }
  // keys may be re-read at once here (60 s apart in production)
  return new BolConnector("bol", config, undefined, throttleFor, (n) => notices.push(n), 0)
}

const state = (sku: string, amount: number): StockState => ({
  variant_id: `variant_${sku}`,
  sku,
  barcode: null,
  available: amount,
  held: 0,
  buffer: 0,
  amount,
  published: null,
  attempted: null,
})

const request = (s: StockState): DeliveryRequest => ({
  operation: "stock.set",
  entityType: "stock",
  entityId: s.variant_id,
  entity: s as unknown as Record<string, unknown>,
  idempotencyKey: `k-${s.variant_id}`,
  correlationId: "c",
})

beforeAll(async () => {
  // signature keys unlimited here: bol's 10 an hour would hold the re-read after a rotation for minutes
  bol = await createBolMarketplace({
    port: 0,
    seed: 3,
    offers: OFFERS,
    processStatus: { pendingMs: 100 },
    rateLimits: { "signature-keys": null },
  })
})
afterAll(async () => {
  await bol.close()
})
beforeEach(() => {
  bol.reset()
  bol.setFaults({ errorRate: 0, lostAckRate: 0, storm: [], retryAfter: true })
  bol.setProcessStatus({ pendingMs: 100, failureRate: 0, timeoutRate: 0, neverFinishRate: 0 })
  notices = []
})

describe("BolConnector", () => {
  it("shares one token between concurrent calls and resolves offers from one walk of the v11 list", async () => {
    const c = connector()
    const before = bol.stats()
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => c.deliver(request(state(i % 2 ? "SKU-A" : "SKU-B", 5 + i))))
    )
    expect(results.every((r) => r.outcome === "delivered")).toBe(true)
    const after = bol.stats()
    expect(after.tokensIssued - before.tokensIssued).toBe(1)
    expect(after.byRoute["GET /retailer/offers"] - (before.byRoute["GET /retailer/offers"] ?? 0)).toBe(1)
    expect(after.byRoute["PATCH /retailer/offers/:id"]).toBe(10)
  })

  it("sends v11 stock as a PATCH with managedByRetailer false (open-orders) and the v11 media type", async () => {
    const result = await connector().deliver(request(state("SKU-A", 7)))
    expect(result).toMatchObject({ outcome: "delivered", remoteId: OFFERS[0].offerId, httpStatus: 204 })
    expect(result.exchange?.request.headers).toMatchObject({ Accept: "application/vnd.retailer.v11+json" })
    expect(result.exchange?.request.body).toEqual({ stock: { amount: 7, managedByRetailer: false } })
    expect(bol.offers().find((o) => o.reference === "SKU-A")).toMatchObject({ amount: 7, managedByRetailer: false })
  })

  it("delivers nothing (and no dead letter) for a variant bol does not sell, and refuses one without a SKU", async () => {
    const c = connector()
    expect(await c.deliver(request(state("NOT-ON-BOL", 4)))).toMatchObject({ outcome: "delivered", remoteId: null })
    expect(await c.deliver(request({ ...state("x", 1), sku: null }))).toMatchObject({
      outcome: "permanent",
      errorClass: "mapping",
    })
  })

  it("writes nothing for a SKU bol already shows as sold out", async () => {
    const c = connector()
    const writes = bol.stats().byRoute["PATCH /retailer/offers/:id"] ?? 0
    expect(await c.deliver(request({ ...state("SKU-A", 0), published: 0 }))).toMatchObject({ outcome: "delivered" })
    expect(bol.stats().byRoute["PATCH /retailer/offers/:id"] ?? 0).toBe(writes)
    // not when it showed more, nor when it was never published
    await c.deliver(request({ ...state("SKU-A", 0), published: 2 }))
    await c.deliver(request({ ...state("SKU-B", 0), published: null }))
    expect(bol.stats().byRoute["PATCH /retailer/offers/:id"]).toBe(writes + 2)
  })

  it("matches offers by EAN when configured", async () => {
    const result = await connector({ offerMatch: "ean" }).deliver(
      request({ ...state("ignored", 2), barcode: OFFERS[1].ean })
    )
    expect(result).toMatchObject({ outcome: "delivered", remoteId: OFFERS[1].offerId })
  })

  it("renews an expired token once and goes on", async () => {
    const c = connector()
    await c.deliver(request(state("SKU-A", 1)))
    const tokens = bol.stats().tokensIssued
    bol.expireTokens()
    expect((await c.deliver(request(state("SKU-A", 2)))).outcome).toBe("delivered")
    expect(bol.stats().tokensIssued - tokens).toBe(1)
  })

  it("reads bol's failures: HTML 5xx, a 429 Problem with or without Retry-After, wrong credentials", async () => {
    const c = connector()
    await c.deliver(request(state("SKU-A", 1)))
    bol.setFaults({ errorRate: 1 })
    const failed = await c.deliver(request(state("SKU-A", 2)))
    expect(failed.outcome === "retryable" || failed.outcome === "unknown").toBe(true)
    if (failed.outcome !== "delivered") expect(failed.message).not.toMatch(/<html|<body/i)
    bol.setFaults({ errorRate: 0, storm: [{ fromMs: 0, toMs: 60_000 }], retryAfter: false })
    bol.reset()
    const limited = await c.deliver(request(state("SKU-B", 2)))
    expect(limited).toMatchObject({ outcome: "retryable", errorClass: "rate_limited", httpStatus: 429 })
    if (limited.outcome === "retryable") expect(limited.message).toMatch(/Too Many Requests/)
    bol.setFaults({ storm: [], retryAfter: true })
    const wrong = await connector({ clientSecret: "wrong" }).deliver(request(state("SKU-A", 3)))
    expect(wrong).toMatchObject({ outcome: "permanent", errorClass: "auth" })
  })

  it("open-orders: bol subtracts an order it took before our write, so the write cannot re-offer it", async () => {
    const displayed = () => bol.offers().find((o) => o.reference === "SKU-A")!.displayedStock
    const c = connector()
    await c.deliver(request(state("SKU-A", 3)))
    // a buyer takes 1; Medusa has not imported it, so the next write still says 3
    bol.placeOrder({ reference: "SKU-A", quantity: 1 })
    await c.deliver(request(state("SKU-A", 3)))
    expect(bol.offers().find((o) => o.reference === "SKU-A")).toMatchObject({ amount: 3, managedByRetailer: false })
    expect(displayed()).toBe(2)
    // today's rule offers it again: bol counts only orders placed after the write
    const legacy = connector({ stockRule: "since-update" })
    await legacy.deliver(request(state("SKU-A", 3)))
    expect(displayed()).toBe(3)
  })

  it("verifies a lost acknowledgement against the amount that attempt carried, not the newer one", async () => {
    const c = connector()
    await c.deliver(request(state("SKU-B", 3)))
    // the stock moved on to 2 while the answer to the write of 3 was lost: it landed
    const moved = { ...state("SKU-B", 2), attempted: 3 }
    expect(await c.verify(request(moved))).toEqual({ exists: true, remoteId: OFFERS[1].offerId, superseded: true })
    // it shows what is to be sent now: delivered as it is
    expect(await c.verify(request({ ...state("SKU-B", 3), attempted: 3 }))).toEqual({
      exists: true,
      remoteId: OFFERS[1].offerId,
    })
    // neither: the attempt did not land (yet)
    expect(await c.verify(request({ ...state("SKU-B", 1), attempted: 4 }))).toEqual({ exists: false })
  })

  it("renews a short-lived token a tenth of its lifetime early, not on every call", async () => {
    expect(refreshMarginMs(299_000)).toBe(29_900)
    expect(refreshMarginMs(3_600_000)).toBe(30_000)
    expect(refreshMarginMs(20_000)).toBe(2_000)
    expect(refreshMarginMs(0)).toBe(0)
    const short = await createBolMarketplace({ port: 0, seed: 4, offers: OFFERS, tokenTtlSec: 20 })
    try {
      const saved = bol
      bol = short
      const c = connector()
      bol = saved
      for (let i = 0; i < 10; i++) expect((await c.deliver(request(state("SKU-A", i + 1)))).outcome).toBe("delivered")
      // a fixed 30 s margin on a 20 s token fetched one per call
      expect(short.stats().tokensIssued).toBe(1)
    } finally {
      await short.close()
    }
  })

  it("verifies an unknown outcome by reading the offer: the amount shown or not", async () => {
    const c = connector()
    await c.deliver(request(state("SKU-B", 9)))
    expect(await c.verify(request(state("SKU-B", 9)))).toEqual({ exists: true, remoteId: OFFERS[1].offerId })
    expect(await c.verify(request(state("SKU-B", 8)))).toEqual({ exists: false })
  })

  it("on v10: a 202 is not a delivery; SUCCESS is, FAILURE is retried, a process that never ends is unknown", async () => {
    const c = connector({ stockApi: "v10" })
    const ok = await c.deliver(request(state("SKU-A", 6)))
    expect(ok).toMatchObject({ outcome: "delivered", httpStatus: 202 })
    expect(bol.offers().find((o) => o.reference === "SKU-A")!.amount).toBe(6)
    bol.setProcessStatus({ failureRate: 1 })
    const failed = await c.deliver(request(state("SKU-A", 5)))
    expect(failed).toMatchObject({ outcome: "retryable" })
    expect(bol.offers().find((o) => o.reference === "SKU-A")!.amount).toBe(6)
    bol.setProcessStatus({ failureRate: 0, neverFinishRate: 1 })
    const pending = await c.deliver(request(state("SKU-A", 4)))
    expect(pending).toMatchObject({ outcome: "unknown", mayStillCommit: true })
    // the v10 offer routes announce their retirement; the notice names the endpoint and media type
    expect(notices[0]).toMatchObject({
      connector: "bol",
      endpoint: "PUT /retailer/offers/{offer-id}/stock",
      mediaType: "application/vnd.retailer.v10+json",
    })
    expect(notices[0].sunset).toMatch(/^\d{4}-\d\d-\d\dT/)
  })

  it("reads the order feed (an empty page is {}), an order's detail, and confirms a cancellation", async () => {
    const c = connector()
    expect(await c.marketplaceOrders.changedOrders(10)).toEqual([])
    const order = bol.placeOrder({ reference: "SKU-A", quantity: 2 })
    bol.requestCancellation(order.orderId)
    const feed = await c.marketplaceOrders.changedOrders(10)
    expect(feed).toEqual([
      expect.objectContaining({
        remoteId: order.orderId,
        placedAt: order.orderPlacedDateTime,
        cancellationRequestedLines: [order.orderItems[0].orderItemId],
      }),
    ])
    // bol lists newest first; the feed comes oldest first, the order the buyers bought in
    const second = bol.placeOrder({ reference: "SKU-B", quantity: 1 })
    const third = bol.placeOrder({ reference: "SKU-A", quantity: 1 })
    expect((await c.marketplaceOrders.changedOrders(10)).map((o) => o.remoteId)).toEqual([
      order.orderId,
      second.orderId,
      third.orderId,
    ])
    const detail = await c.marketplaceOrders.getOrder(order.orderId)
    expect(detail?.lines[0]).toMatchObject({ reference: "SKU-A", quantity: 2, cancellationRequested: true })
    expect(detail?.email).toMatch(/@/)
    await c.marketplaceOrders.cancelLines(order.orderId, [order.orderItems[0].orderItemId], "REQUESTED_BY_CUSTOMER")
    expect(bol.orders().find((o) => o.orderId === order.orderId)!.orderItems[0].quantityCancelled).toBe(2)
    expect(await c.marketplaceOrders.getOrder("NOPE000000")).toBeNull()
  })

  it("checks a push's RSA signature with bol's published keys, rotated keys included", async () => {
    const c = connector()
    const body = JSON.stringify({
      retailerId: 1,
      timestamp: "2026-12-01T10:00:00+01:00",
      event: { resource: "ORDER", type: "ORDER_CREATED", resourceId: "A1" },
    })
    await expect(c.verifySignature(Buffer.from(body), { signature: bol.signPayload(body) })).resolves.toBeUndefined()
    await expect(c.verifySignature(Buffer.from(body + " "), { signature: bol.signPayload(body) })).rejects.toThrow(
      /does not match/
    )
    await expect(c.verifySignature(Buffer.from(body), {})).rejects.toThrow(/missing Signature/)
    bol.rotateSignatureKey()
    // key "1" is new to the connector: it reads the keys again once
    await expect(c.verifySignature(Buffer.from(body), { signature: bol.signPayload(body) })).resolves.toBeUndefined()
    expect(c.parse(Buffer.from(body))[0]).toMatchObject({ type: "ORDER.ORDER_CREATED", data: { resourceId: "A1" } })
  })
})
