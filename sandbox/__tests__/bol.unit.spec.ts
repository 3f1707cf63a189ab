import { createPublicKey, verify } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { createBolMarketplace, BolMarketplace, BolMarketplaceOptions } from "../index"

const V10 = "application/vnd.retailer.v10+json"
const V11 = "application/vnd.retailer.v11+json"

let bol: BolMarketplace | undefined
let receiver: http.Server | undefined

afterEach(async () => {
  jest.useRealTimers()
  await bol?.close()
  bol = undefined
  await new Promise((resolve) => (receiver ? receiver.close(resolve) : resolve(undefined)))
  receiver = undefined
})

const OFFERS = [
  { offerId: "00000000-0000-4000-8000-000000000001", ean: "8710000000017", reference: "SKU-1", stock: 10 },
  { offerId: "00000000-0000-4000-8000-000000000002", ean: "8710000000024", reference: "SKU-2", stock: 10 },
  { offerId: "00000000-0000-4000-8000-000000000003", ean: "8710000000031", reference: "SKU-3", stock: 10 },
  { offerId: "00000000-0000-4000-8000-000000000004", ean: "8710000000048", reference: "SKU-4", stock: 10 },
  { offerId: "00000000-0000-4000-8000-000000000005", ean: "8710000000055", reference: "SKU-5", stock: 10 },
]
const ID1 = OFFERS[0].offerId

async function start(opts: BolMarketplaceOptions = {}): Promise<BolMarketplace> {
  bol = await createBolMarketplace({ port: 0, seed: 7, offers: OFFERS, processStatus: { pendingMs: 100 }, ...opts })
  return bol
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`

function tokenRequest(auth = basic("client", "secret"), body = "grant_type=client_credentials", query = "") {
  return fetch(`${bol!.url}/token${query}`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body,
  })
}

async function token(): Promise<string> {
  const res = await tokenRequest()
  expect(res.status).toBe(200)
  return (await res.json()).access_token
}

type CallOpts = { v?: 10 | 11; body?: unknown; token?: string; accept?: string; contentType?: string }

async function call(method: string, path: string, o: CallOpts = {}) {
  const type = o.v === 11 ? V11 : V10
  const headers: Record<string, string> = {
    authorization: `Bearer ${o.token ?? (await token())}`,
    accept: o.accept ?? type,
  }
  if (o.body !== undefined) headers["content-type"] = o.contentType ?? type
  return fetch(`${bol!.url}${path}`, {
    method,
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
  })
}

async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error("waitFor timed out")
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** only Date is faked: the servers' timers keep running */
function fakeDate(ms: number) {
  jest.useFakeTimers({
    doNotFake: [
      "nextTick",
      "setImmediate",
      "clearImmediate",
      "setTimeout",
      "clearTimeout",
      "setInterval",
      "clearInterval",
      "queueMicrotask",
      "hrtime",
      "performance",
    ],
  })
  jest.setSystemTime(ms)
}

describe("bol marketplace: auth", () => {
  it("issues client-credentials tokens and refuses bad credentials, query credentials and a missing grant", async () => {
    await start()
    const ok = await tokenRequest()
    expect(ok.status).toBe(200)
    expect(ok.headers.get("content-type")).toMatch(/^application\/json/)
    expect(ok.headers.get("x-ratelimit-limit")).toBe("10")
    const body = await ok.json()
    expect(body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 299, scope: "RETAILER" })
    expect(body.access_token.split(".")).toHaveLength(3)

    const bad = await tokenRequest(basic("client", "nope"))
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ error: "invalid_client", error_description: "Bad client credentials" })

    const inQuery = await tokenRequest("", "", "?grant_type=client_credentials&client_id=client&client_secret=secret")
    expect(inQuery.status).toBe(400)
    expect((await inQuery.json()).error).toBe("invalid_request")

    expect((await tokenRequest(basic("client", "secret"), "")).status).toBe(400)
    // grant_type in the query (as many integrators send it) is fine
    expect((await tokenRequest(basic("client", "secret"), "", "?grant_type=client_credentials")).status).toBe(200)
    expect(bol!.stats().tokensIssued).toBe(2)
  })

  it("answers 401 Problem for an unknown token and bol's Expired JWT body for an expired one", async () => {
    await start({ tokenTtlSec: 1 })
    const unknown = await call("GET", "/retailer/orders", { token: "nope" })
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get("content-type")).toMatch(/^application\/vnd\.retailer\.v10\+json/)
    expect(await unknown.json()).toMatchObject({
      type: "https://api.bol.com/problems",
      title: "Unauthorized",
      status: 401,
    })
    // a limited route shows its headers on a 401 too, without using quota
    expect(unknown.headers.get("x-ratelimit-remaining")).toBe("25")

    const t = await token()
    expect((await call("GET", "/retailer/orders", { token: t })).status).toBe(200)
    await new Promise((r) => setTimeout(r, 1050))
    const expired = await call("GET", "/retailer/orders", { token: t })
    expect(expired.status).toBe(401)
    const e = await expired.json()
    expect(e).toEqual({ title: "Expired JWT", status: 401, detail: expect.any(String) })
    expect(e.detail).toMatch(
      /^JWT expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\. Current time: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, a difference of \d+ milliseconds\. {2}Allowed clock skew: 1000 milliseconds\.$/
    )

    const fresh = await token()
    bol!.expireTokens()
    const res = await call("GET", "/retailer/offers", { v: 11, token: fresh })
    expect(res.status).toBe(401)
    expect((await res.json()).title).toBe("Expired JWT")
    expect(bol!.stats().unauthorized).toBe(3)
  })
})

describe("bol marketplace: media types", () => {
  it("answers 406 for a wrong Accept and 415 for a wrong Content-Type, naming the type it wants", async () => {
    await start()
    const t = await token()
    const v10OnV11 = await call("GET", "/retailer/offers", { v: 10, token: t })
    expect(v10OnV11.status).toBe(406)
    expect(v10OnV11.headers.get("content-type")).toMatch(/^application\/vnd\.retailer\.v11\+json/)
    const p = await v10OnV11.json()
    expect(p).toMatchObject({ type: "https://api.bol.com/problems", title: "Not Acceptable", status: 406 })
    expect(p.detail).toContain(V11)

    const json = await call("GET", `/retailer/orders`, { token: t, accept: "application/json" })
    expect(json.status).toBe(406)
    expect((await json.json()).detail).toContain(V10)

    const v11OnV10 = await call("PUT", `/retailer/offers/${ID1}/stock`, {
      v: 11,
      token: t,
      body: { amount: 1, managedByRetailer: false },
    })
    expect(v11OnV10.status).toBe(406)
    expect((await v11OnV10.json()).detail).toContain(V10)

    const plainJson = await call("PATCH", `/retailer/offers/${ID1}`, {
      v: 11,
      token: t,
      body: { stock: { amount: 1 } },
      contentType: "application/json",
    })
    expect(plainJson.status).toBe(415)
    expect((await plainJson.json()).detail).toContain(V11)
    expect(bol!.offers()[0].amount).toBe(10)
  })
})

describe("bol marketplace: offers", () => {
  it("lists v11 offers by cursor and filters by reference and EAN", async () => {
    await start()
    const t = await token()
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const res = await call("GET", `/retailer/offers?page-size=2${cursor ? `&cursor=${cursor}` : ""}`, {
        v: 11,
        token: t,
      })
      expect(res.status).toBe(200)
      const body = await res.json()
      expect(body.page.pageSize).toBe(2)
      seen.push(...body.offers.map((o: any) => o.offerId))
      cursor = body.page.nextCursor ?? undefined
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual(OFFERS.map((o) => o.offerId))

    const byRef = await (await call("GET", "/retailer/offers?reference=SKU-3", { v: 11, token: t })).json()
    expect(byRef.offers).toHaveLength(1)
    expect(byRef.offers[0]).toEqual({
      offerId: OFFERS[2].offerId,
      ean: "8710000000031",
      reference: "SKU-3",
      lastModifiedDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/),
      onHoldByRetailer: false,
      stock: { amount: 10, correctedStock: 10, managedByRetailer: false },
      countryAvailabilities: [{ countryCode: "NL", forSale: true }],
      condition: { category: "NEW" },
      pricing: { bundlePrices: [{ quantity: 1, unitPrice: 19.99 }] },
      fulfilment: { method: "FBR" },
    })
    expect(byRef.page.nextCursor).toBeUndefined()

    const byEans = await (
      await call("GET", "/retailer/offers?eans[]=8710000000017&eans[]=8710000000048", { v: 11, token: t })
    ).json()
    expect(byEans.offers.map((o: any) => o.reference)).toEqual(["SKU-1", "SKU-4"])
    const byEan = await (await call("GET", "/retailer/offers?ean=8710000000024", { v: 11, token: t })).json()
    expect(byEan.offers.map((o: any) => o.reference)).toEqual(["SKU-2"])

    const bad = await call("GET", "/retailer/offers?page-size=101", { v: 11, token: t })
    expect(bad.status).toBe(400)
    expect((await bad.json()).violations[0].name).toBe("page-size")
    const one = await call("GET", `/retailer/offers/${OFFERS[1].offerId}`, { v: 11, token: t })
    expect((await one.json()).reference).toBe("SKU-2")
    const missing = await call("GET", "/retailer/offers/nope", { v: 11, token: t })
    expect(missing.status).toBe(404)
    expect((await missing.json()).title).toBe("Not Found")
  })

  it("applies a v11 PATCH at once (204) and rejects a bad body with violations", async () => {
    await start()
    const t = await token()
    const res = await call("PATCH", `/retailer/offers/${ID1}`, {
      v: 11,
      token: t,
      body: { stock: { amount: 7, managedByRetailer: true } },
    })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe("")
    const offer = await (await call("GET", `/retailer/offers/${ID1}`, { v: 11, token: t })).json()
    expect(offer.stock).toEqual({ amount: 7, correctedStock: 7, managedByRetailer: true })
    expect(bol!.offers()[0].history.map((h) => [h.amount, h.via])).toEqual([
      [10, "initial"],
      [7, "v11"],
    ])

    const bad = await call("PATCH", `/retailer/offers/${ID1}`, { v: 11, token: t, body: { stock: { amount: -1 } } })
    expect(bad.status).toBe(400)
    const p = await bad.json()
    expect(p).toMatchObject({ type: "https://api.bol.com/problems", status: 400 })
    expect(p.violations).toEqual([{ name: "stock.amount", reason: expect.any(String) }])
    expect((await call("PATCH", "/retailer/offers/nope", { v: 11, token: t, body: {} })).status).toBe(404)
    expect(bol!.stats().stockWrites).toBe(1)
    expect(bol!.stats().byRoute["PATCH /retailer/offers/:id"]).toBe(3)
  })

  it("queues a v10 stock PUT: 202 PENDING, applied only on SUCCESS, never on FAILURE", async () => {
    await start()
    const t = await token()
    const res = await call("PUT", `/retailer/offers/${ID1}/stock`, {
      token: t,
      body: { amount: 4, managedByRetailer: false },
    })
    expect(res.status).toBe(202)
    const ps = await res.json()
    expect(ps).toEqual({
      processStatusId: expect.stringMatching(/^\d+$/),
      entityId: ID1,
      eventType: "UPDATE_OFFER_STOCK",
      description: expect.any(String),
      status: "PENDING",
      createTimestamp: expect.any(String),
      links: [{ rel: "self", href: `${bol!.url}/shared/process-status/${ps.processStatusId}`, method: "GET" }],
    })
    expect(bol!.offers()[0].amount).toBe(10)
    const poll = async () => (await call("GET", `/shared/process-status/${ps.processStatusId}`, { token: t })).json()
    expect((await poll()).status).toBe("PENDING")
    await waitFor(async () => (await poll()).status === "SUCCESS")
    expect(bol!.offers()[0].amount).toBe(4)
    expect(bol!.offers()[0].history.at(-1)).toMatchObject({ amount: 4, via: "v10" })

    bol!.setProcessStatus({ failureRate: 1 })
    const failing = await (
      await call("PUT", `/retailer/offers/${ID1}/stock`, { token: t, body: { amount: 9, managedByRetailer: false } })
    ).json()
    // the bulk route is limited to 2/s, so wait on the control view, then ask once
    await waitFor(
      () => bol!.processStatuses().find((p) => p.processStatusId === failing.processStatusId)?.status !== "PENDING"
    )
    const done = await (
      await call("POST", "/shared/process-status", {
        token: t,
        body: { processStatusQueries: [{ processStatusId: failing.processStatusId }, { processStatusId: "1" }] },
      })
    ).json()
    expect(done.processStatuses).toHaveLength(1)
    expect(done.processStatuses[0]).toMatchObject({ status: "FAILURE", errorMessage: expect.any(String) })
    expect(bol!.offers()[0].amount).toBe(4)

    const list = await (
      await call("GET", `/shared/process-status?entity-id=${ID1}&event-type=UPDATE_OFFER_STOCK`, { token: t })
    ).json()
    expect(list.processStatuses.map((p: any) => p.status)).toEqual(["FAILURE", "SUCCESS"])
    const bad = await call("PUT", `/retailer/offers/${ID1}/stock`, { token: t, body: { amount: 1000 } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).violations.map((v: any) => v.name)).toEqual(["amount", "managedByRetailer"])
    expect(bol!.stats().processStatusPolls).toBeGreaterThanOrEqual(3)
  })

  it("sends Deprecation, Sunset and Link only on the v10 offer route, on every answer", async () => {
    await start({ deprecation: { sunset: "2027-03-01T00:00:00Z" } })
    const t = await token()
    const put = await call("PUT", `/retailer/offers/${ID1}/stock`, {
      token: t,
      body: { amount: 1, managedByRetailer: true },
    })
    const missing = await call("PUT", "/retailer/offers/nope/stock", {
      token: t,
      body: { amount: 1, managedByRetailer: true },
    })
    for (const res of [put, missing]) {
      expect(res.headers.get("deprecation")).toBe("@1776643200")
      expect(res.headers.get("sunset")).toBe("Mon, 01 Mar 2027 00:00:00 GMT")
      expect(res.headers.get("link")).toBe(
        '<https://api.bol.com/retailer/public/Retailer-API/v11/functional/offer-api/whats-new-in-this-api.html>; rel="deprecation"; type="text/html"'
      )
    }
    expect(missing.status).toBe(404)
    const v11 = await call("PATCH", `/retailer/offers/${ID1}`, { v: 11, token: t, body: { stock: { amount: 1 } } })
    const orders = await call("GET", "/retailer/orders", { token: t })
    for (const res of [v11, orders]) {
      expect(res.headers.get("deprecation")).toBeNull()
      expect(res.headers.get("sunset")).toBeNull()
    }
  })
})

describe("bol marketplace: rate limits", () => {
  it("carries X-RateLimit headers, answers 429 with and without Retry-After, and storms", async () => {
    await start({ rateLimits: { "offers-get": { max: 2, windowSec: 5 } } })
    const t = await token()
    const get = () => call("GET", `/retailer/offers/${ID1}`, { v: 11, token: t })
    const a = await get()
    expect([a.headers.get("x-ratelimit-limit"), a.headers.get("x-ratelimit-remaining")]).toEqual(["2", "1"])
    expect(Number(a.headers.get("x-ratelimit-reset"))).toBeGreaterThanOrEqual(1)
    const b = await get()
    expect(b.headers.get("x-ratelimit-remaining")).toBe("0")
    const c = await get()
    expect(c.status).toBe(429)
    expect(c.headers.get("content-type")).toMatch(/^application\/vnd\.retailer\.v11\+json/)
    const retryAfter = Number(c.headers.get("retry-after"))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(5)
    expect(await c.json()).toEqual({
      title: "Too Many Requests",
      status: 429,
      detail: `Too many requests, retry in ${retryAfter} seconds.`,
    })
    bol!.setFaults({ retryAfter: false })
    const d = await get()
    expect(d.status).toBe(429)
    expect(d.headers.get("retry-after")).toBeNull()
    expect(d.headers.get("x-ratelimit-remaining")).toBe("0")

    const orders = await call("GET", "/retailer/orders", { token: t })
    expect(orders.headers.get("x-ratelimit-limit")).toBe("25")
    expect(Number(orders.headers.get("x-ratelimit-reset"))).toBeGreaterThan(1)

    bol!.setFaults({ retryAfter: true, storm: [{ fromMs: 0, toMs: 60_000 }] })
    const stormed = await call("GET", "/retailer/orders", { token: t })
    expect(stormed.status).toBe(429)
    expect(stormed.headers.get("retry-after")).not.toBeNull()
    expect((await tokenRequest()).status).toBe(429)
    expect(bol!.stats().rateLimited).toBe(4)
    expect(bol!.stats().rateLimitedByGroup).toEqual({ "offers-get": 2, "orders-list": 1, token: 1 })
  })
})

describe("bol marketplace: orders", () => {
  it("answers an empty page as {} with no orders key, and validates the query", async () => {
    await start()
    const t = await token()
    const empty = await call("GET", "/retailer/orders", { token: t })
    expect(empty.status).toBe(200)
    expect(await empty.json()).toEqual({})
    bol!.placeOrder({ reference: "SKU-1" })
    const one = await (await call("GET", "/retailer/orders?status=OPEN&fulfilment-method=FBR", { token: t })).json()
    expect(one.orders).toHaveLength(1)
    expect(await (await call("GET", "/retailer/orders?page=2", { token: t })).json()).toEqual({})
    expect(await (await call("GET", "/retailer/orders?fulfilment-method=FBB", { token: t })).json()).toEqual({})
    const bad = await call("GET", "/retailer/orders?status=NEW&change-interval-minute=61", { token: t })
    expect(bad.status).toBe(400)
    expect((await bad.json()).violations.map((v: any) => v.name)).toEqual(["status", "change-interval-minute"])
  })

  it("keeps only items changed within change-interval-minute, and handled ones for 48 hours", async () => {
    await start()
    const t = await token()
    const now = Date.now()
    fakeDate(now - 10 * 60_000)
    const old = bol!.placeOrder({ reference: "SKU-1" })
    fakeDate(now - 49 * 3600_000)
    const shippedLongAgo = bol!.placeOrder({ reference: "SKU-2" })
    bol!.shipOrder(shippedLongAgo.orderId)
    jest.useRealTimers()
    const fresh = bol!.placeOrder({ reference: "SKU-3", quantity: 2 })

    const ids = async (q: string) =>
      ((await (await call("GET", `/retailer/orders${q}`, { token: t })).json()).orders ?? []).map((o: any) => o.orderId)
    expect(await ids("?change-interval-minute=5")).toEqual([fresh.orderId])
    expect(await ids("?change-interval-minute=15")).toEqual([fresh.orderId, old.orderId])
    expect(await ids("")).toEqual([fresh.orderId, old.orderId])
    expect(await ids("?status=SHIPPED")).toEqual([])

    const body = await (await call("GET", "/retailer/orders?change-interval-minute=1", { token: t })).json()
    expect(body.orders[0]).toEqual({
      orderId: fresh.orderId,
      orderPlacedDateTime: expect.any(String),
      orderItems: [
        {
          orderItemId: fresh.orderItems[0].orderItemId,
          ean: "8710000000031",
          fulfilmentMethod: "FBR",
          fulfilmentStatus: "OPEN",
          quantity: 2,
          quantityShipped: 0,
          quantityCancelled: 0,
          cancellationRequest: false,
          latestChangedDateTime: expect.any(String),
        },
      ],
    })
    expect(fresh.orderId).toMatch(/^[A-Z0-9]{10}$/)
    expect(fresh.orderItems[0].orderItemId).toMatch(/^\d+$/)
  })

  it("serves the full order and cancels an item through a CANCEL_ORDER process status", async () => {
    await start()
    const t = await token()
    const order = bol!.placeOrder({ offerId: ID1, quantity: 3 })
    const itemId = order.orderItems[0].orderItemId
    expect(bol!.offers()[0].displayedStock).toBe(7)
    bol!.requestCancellation(order.orderId)

    const res = await call("GET", `/retailer/orders/${order.orderId}`, { token: t })
    expect(res.status).toBe(200)
    const full = await res.json()
    expect(full.shipmentDetails).toMatchObject({ countryCode: "NL", language: "nl" })
    expect(full.shipmentDetails.email).toMatch(/@verkopen\.bol\.com$/)
    expect(full.billingDetails.email).toMatch(/@verkopen\.bol\.com$/)
    expect(full.orderItems[0]).toMatchObject({
      orderItemId: itemId,
      cancellationRequest: true,
      fulfilment: { method: "FBR", distributionParty: "RETAILER" },
      offer: { offerId: ID1, reference: "SKU-1" },
      product: { ean: "8710000000017" },
      quantity: 3,
      unitPrice: 19.99,
      totalPrice: 59.97,
    })
    expect((await call("GET", "/retailer/orders/NOPE", { token: t })).status).toBe(404)

    const badReason = await call("PUT", "/retailer/orders/cancellation", {
      token: t,
      body: { orderItems: [{ orderItemId: itemId, reasonCode: "BORED" }] },
    })
    expect(badReason.status).toBe(400)
    const twoItems = await call("PUT", "/retailer/orders/cancellation", {
      token: t,
      body: {
        orderItems: [
          { orderItemId: itemId, reasonCode: "REQUESTED_BY_CUSTOMER" },
          { orderItemId: itemId, reasonCode: "REQUESTED_BY_CUSTOMER" },
        ],
      },
    })
    expect(twoItems.status).toBe(400)

    const accepted = await call("PUT", "/retailer/orders/cancellation", {
      token: t,
      body: { orderItems: [{ orderItemId: itemId, reasonCode: "REQUESTED_BY_CUSTOMER" }] },
    })
    expect(accepted.status).toBe(202)
    const ps = await accepted.json()
    expect(ps).toMatchObject({ eventType: "CANCEL_ORDER", entityId: itemId, status: "PENDING" })
    expect(bol!.offers()[0].displayedStock).toBe(7)
    await waitFor(
      () => bol!.processStatuses().find((p) => p.processStatusId === ps.processStatusId)?.status === "SUCCESS"
    )

    const after = await (await call("GET", `/retailer/orders/${order.orderId}`, { token: t })).json()
    expect(after.orderItems[0]).toMatchObject({ quantityCancelled: 3, cancellationRequest: true })
    const listed = await (await call("GET", "/retailer/orders?status=ALL", { token: t })).json()
    expect(listed.orders[0].orderItems[0]).toMatchObject({ fulfilmentStatus: "HANDLED", quantityCancelled: 3 })
    expect(await (await call("GET", "/retailer/orders?status=OPEN", { token: t })).json()).toEqual({})
    expect(bol!.offers()[0].displayedStock).toBe(10)

    // cancelling again is accepted, then fails: the item is handled
    const again = await (
      await call("PUT", "/retailer/orders/cancellation", {
        token: t,
        body: { orderItems: [{ orderItemId: itemId, reasonCode: "OUT_OF_STOCK" }] },
      })
    ).json()
    await waitFor(
      () => bol!.processStatuses().find((p) => p.processStatusId === again.processStatusId)?.status !== "PENDING"
    )
    expect(bol!.processStatuses().find((p) => p.processStatusId === again.processStatusId)).toMatchObject({
      status: "FAILURE",
      errorMessage: expect.stringContaining("handled"),
    })
    // the control view tells what the retailer asked for and which request took effect
    const viewed = bol!.orders()[0].orderItems[0]
    expect(viewed.retailerCancellations.map((c) => c.reasonCode)).toEqual(["REQUESTED_BY_CUSTOMER", "OUT_OF_STOCK"])
    expect(viewed.cancellationReason).toBe("REQUESTED_BY_CUSTOMER")
    expect(viewed.handledAt).toBeGreaterThanOrEqual(viewed.retailerCancellations[0].at)
    expect(bol!.orders()[0].placedAt).toBeLessThanOrEqual(viewed.retailerCancellations[0].at)
  })
})

describe("bol marketplace: stuck process statuses", () => {
  it("keeps a stuck stock update PENDING for stuckMs, applies it late, but never over a newer update", async () => {
    await start({ processStatus: { pendingMs: 50, stuckRate: 1, stuckMs: 400 } })
    const t = await token()
    const put = async (amount: number) =>
      (
        await call("PUT", `/retailer/offers/${ID1}/stock`, { token: t, body: { amount, managedByRetailer: true } })
      ).json()
    const status = (id: string) => bol!.processStatuses().find((p) => p.processStatusId === id)?.status
    const first = await put(4)
    await new Promise((r) => setTimeout(r, 200))
    expect(status(first.processStatusId)).toBe("PENDING")
    expect(bol!.offers()[0].amount).toBe(10)
    await waitFor(() => status(first.processStatusId) === "SUCCESS")
    const applied = bol!.offers()[0].history.at(-1)!
    expect(applied).toMatchObject({ amount: 4, via: "v10", correctedStock: 4 })
    expect(applied.at - applied.requestedAt).toBeGreaterThanOrEqual(350)

    // a stuck one overtaken by a newer update that took effect: SUCCESS, stock unchanged
    const stale = await put(6)
    bol!.setProcessStatus({ stuckRate: 0 })
    const fresh = await put(2)
    await waitFor(() => status(fresh.processStatusId) === "SUCCESS")
    expect(bol!.offers()[0].amount).toBe(2)
    await waitFor(() => status(stale.processStatusId) === "SUCCESS")
    expect(bol!.offers()[0].amount).toBe(2)
    expect(bol!.offers()[0].history.map((h) => h.amount)).toEqual([10, 4, 2])
    expect(() => bol!.setProcessStatus({ stuckMs: [5, 1] })).toThrow(TypeError)
    expect(() => bol!.setProcessStatus({ stuckRate: 2 })).toThrow(TypeError)
  })
})

describe("bol marketplace: shoppers", () => {
  it("each look every lookMs and buy one offer for sale, never beyond its displayed stock", async () => {
    await start({
      offers: [
        { ean: "8710000000017", reference: "A", stock: 3 },
        { ean: "8710000000024", reference: "B", stock: 2, managedByRetailer: true },
        { ean: "8710000000031", reference: "C", stock: 0 },
      ],
      buyers: { shoppers: 3, lookMs: [5, 15] },
    })
    await waitFor(() => bol!.offers().every((o) => o.displayedStock === 0), 5000)
    await new Promise((r) => setTimeout(r, 50))
    const units = (ref: string) => bol!.sales().filter((s) => s.reference === ref).length
    expect([units("A"), units("B"), units("C")]).toEqual([3, 2, 0])
    expect(bol!.sales().every((s) => s.via === "buyer" && s.quantity === 1)).toBe(true)

    // with bol's managedByRetailer true, a new amount counts only orders placed after it
    const b = bol!.offers()[1]
    bol!.setOffer(b.offerId, { stock: 1 })
    await waitFor(() => units("B") === 3)
    bol!.setBuyers({ shoppers: 0 })
    bol!.setOffer(b.offerId, { stock: 5 })
    await new Promise((r) => setTimeout(r, 60))
    expect(units("B")).toBe(3)
    expect(() => bol!.setBuyers({ lookMs: 0 })).toThrow(TypeError)
    expect(() => bol!.setBuyers({ shoppers: 1.5 })).toThrow(TypeError)
  })
})

describe("bol marketplace: buyers", () => {
  it("never buy beyond the displayed stock, under either managedByRetailer rule", async () => {
    await start({
      offers: [
        { ean: "8710000000017", reference: "A", stock: 5 },
        { ean: "8710000000024", reference: "B", stock: 4, managedByRetailer: true },
        { ean: "8710000000031", reference: "C", stock: 0 },
      ],
      buyers: { ratePerOfferPerSec: 300, unitsPerOrder: 2 },
    })
    await waitFor(() => bol!.offers().every((o) => o.displayedStock === 0), 5000)
    const units = (ref: string) =>
      bol!
        .sales()
        .filter((s) => s.reference === ref)
        .reduce((n, s) => n + s.quantity, 0)
    expect(units("A")).toBe(5)
    expect(units("B")).toBe(4)
    expect(units("C")).toBe(0)
    expect(bol!.sales().every((s) => s.via === "buyer" && s.quantity <= 2)).toBe(true)
    expect(bol!.stats().sales).toEqual({ orders: bol!.sales().length, units: 9 })

    // B counts only orders placed after the last update; A subtracts every open order
    const [a, b] = bol!.offers()
    bol!.setBuyers({ ratePerOfferPerSec: 0 })
    bol!.setOffer(a.offerId, { stock: 7 })
    bol!.setOffer(b.offerId, { stock: 3 })
    expect(bol!.offers().map((o) => o.displayedStock)).toEqual([2, 3, 0])
    expect(() => bol!.placeOrder({ reference: "A", quantity: 3 })).toThrow(/shows 2 in stock/)
    expect(bol!.placeOrder({ reference: "A", quantity: 3, force: true }).orderItems[0].quantity).toBe(3)
    expect(bol!.offers()[0].displayedStock).toBe(0)

    bol!.setBuyers({ ratePerOfferPerSec: 300 })
    await waitFor(() => bol!.offers()[1].displayedStock === 0)
    await new Promise((r) => setTimeout(r, 60))
    expect(units("B")).toBe(7)
    expect(units("A")).toBe(8)
  })
})

describe("bol marketplace: customer cancellation requests, controls and reset", () => {
  it("flags buyer orders for cancellation after a while, serves /__ routes and resets to the initial offers", async () => {
    await start({
      offers: [{ offerId: ID1, ean: "8710000000017", reference: "SKU-1", stock: 3 }],
      buyers: { ratePerOfferPerSec: 300, cancellationRequestRate: 1, cancellationDelayMs: 50 },
    })
    await waitFor(() => bol!.orders().length === 3 && bol!.orders().every((o) => o.orderItems[0].cancellationRequest))
    const item = bol!.orders()[0].orderItems[0]
    expect(item).toMatchObject({ fulfilmentStatus: "OPEN", quantityCancelled: 0 })
    expect(bol!.offers()[0].displayedStock).toBe(0)

    const stats = await (await fetch(`${bol!.url}/__stats`)).json()
    expect(stats.sales).toEqual({ orders: 3, units: 3 })
    expect((await (await fetch(`${bol!.url}/__sales`)).json()).data).toHaveLength(3)
    expect((await (await fetch(`${bol!.url}/__offers`)).json()).data[0].displayedStock).toBe(0)

    bol!.setBuyers({ ratePerOfferPerSec: 0 })
    bol!.reset()
    expect(bol!.orders()).toEqual([])
    expect(bol!.sales()).toEqual([])
    expect(bol!.stats().requests).toBe(0)
    expect(bol!.offers()).toEqual([
      expect.objectContaining({
        offerId: ID1,
        amount: 3,
        displayedStock: 3,
        history: [expect.objectContaining({ via: "initial" })],
      }),
    ])
    const placed = await fetch(`${bol!.url}/__orders`, { method: "POST", body: JSON.stringify({ reference: "SKU-1" }) })
    expect((await placed.json()).orderItems[0].quantity).toBe(1)
    expect(bol!.offers()[0].displayedStock).toBe(2)
  })
})

describe("bol marketplace: push notifications", () => {
  it("signs ORDER pushes with the published RSA key; replays are byte-identical; keys rotate", async () => {
    const received: Array<{ body: string; signature: string }> = []
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on("data", (c) => chunks.push(c))
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: String(req.headers.signature) })
        res.writeHead(200).end()
      })
    })
    await new Promise<void>((r) => receiver!.listen(0, "127.0.0.1", r))
    const pushUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bol`
    await start({ pushUrl, retailerId: 7654321 })
    const t = await token()

    const keysRes = await call("GET", "/retailer/subscriptions/signature-keys", { token: t })
    expect(keysRes.headers.get("x-ratelimit-limit")).toBe("10")
    const { signatureKeys } = await keysRes.json()
    expect(signatureKeys).toEqual([{ id: "0", type: "RSA", publicKey: expect.any(String) }])
    const keyOf = (id: string, list = signatureKeys) =>
      createPublicKey({
        key: Buffer.from(list.find((k: any) => k.id === id).publicKey, "base64"),
        format: "der",
        type: "spki",
      })
    const parse = (header: string) => {
      const m = /^keyId=(\w+), algorithm="rsa-sha256", signature=([A-Za-z0-9+/=]+)$/.exec(header)
      expect(m).not.toBeNull()
      return { keyId: m![1], sig: Buffer.from(m![2], "base64") }
    }

    const order = bol!.placeOrder({ offerId: ID1 })
    await bol!.flushPushes()
    expect(received).toHaveLength(1)
    const { body, signature } = received[0]
    expect(JSON.parse(body)).toEqual({
      retailerId: 7654321,
      timestamp: expect.any(String),
      event: { resource: "ORDER", type: "ORDER_CREATED", resourceId: order.orderId },
    })
    const s = parse(signature)
    expect(s.keyId).toBe("0")
    expect(verify("RSA-SHA256", Buffer.from(body), keyOf("0"), s.sig)).toBe(true)
    expect(verify("RSA-SHA256", Buffer.from(body + " "), keyOf("0"), s.sig)).toBe(false)
    expect(bol!.pushes()[0]).toMatchObject({ status: 200, attempts: 1, body, signature, done: true })

    const replay = await bol!.replayPush(0)
    expect(replay).toMatchObject({ status: 200, replayOf: 0 })
    expect(received[1]).toEqual(received[0])

    const forged = bol!.signPayload('{"hello":"world"}')
    expect(verify("RSA-SHA256", Buffer.from('{"hello":"world"}'), keyOf("0"), parse(forged).sig)).toBe(true)

    expect(bol!.rotateSignatureKey().id).toBe("1")
    bol!.requestCancellation(order.orderId)
    await bol!.flushPushes()
    const rotated = received[2]
    expect(JSON.parse(rotated.body).event).toEqual({
      resource: "ORDER",
      type: "ORDER_ITEM_CANCELLATION_REQUEST",
      resourceId: order.orderId,
    })
    const keys2 = (await (await call("GET", "/retailer/subscriptions/signature-keys", { token: t })).json())
      .signatureKeys
    expect(keys2.map((k: any) => k.id)).toEqual(["0", "1"])
    const r = parse(rotated.signature)
    expect(r.keyId).toBe("1")
    expect(verify("RSA-SHA256", Buffer.from(rotated.body), keyOf("1", keys2), r.sig)).toBe(true)
    expect(verify("RSA-SHA256", Buffer.from(rotated.body), keyOf("0", keys2), r.sig)).toBe(false)
  })
})

describe("bol marketplace: faults", () => {
  it("injects nginx-style HTML 500s on API routes but never on /token", async () => {
    await start({ faults: { errorRate: 1 } })
    const t = await token()
    const statuses = new Set<number>()
    let html500 = ""
    for (let i = 0; i < 30 && !html500; i++) {
      const res = await call("GET", "/retailer/offers", { v: 11, token: t })
      statuses.add(res.status)
      if (res.status === 500) {
        expect(res.headers.get("content-type")).toMatch(/^text\/html/)
        html500 = await res.text()
      } else await res.arrayBuffer()
    }
    expect(html500).toContain("<h1>500 Internal Server Error</h1>")
    expect(html500).toContain("nginx")
    expect([...statuses].every((s) => [500, 502, 503].includes(s))).toBe(true)
    expect(bol!.stats().errors5xx).toBe(bol!.stats().requests - 1)
    expect(() => bol!.setFaults({ errorRate: 2 })).toThrow(TypeError)
  })

  it("commits a write on a lost ack but destroys the socket unanswered", async () => {
    await start({ faults: { lostAckRate: 1 } })
    const t = await token()
    await expect(
      call("PATCH", `/retailer/offers/${ID1}`, {
        v: 11,
        token: t,
        body: { stock: { amount: 3, managedByRetailer: false } },
      })
    ).rejects.toThrow()
    expect(bol!.offers()[0].amount).toBe(3)
    await expect(
      call("PUT", `/retailer/offers/${ID1}/stock`, { token: t, body: { amount: 2, managedByRetailer: false } })
    ).rejects.toThrow()
    // reads are never lost: the client can find what its lost write queued
    const list = await (
      await call("GET", `/shared/process-status?entity-id=${ID1}&event-type=UPDATE_OFFER_STOCK`, { token: t })
    ).json()
    expect(list.processStatuses).toHaveLength(1)
    expect(bol!.stats()).toMatchObject({ lostAcks: 2, stockWrites: 2 })
    expect(
      bol!
        .requests()
        .filter((r) => r.outcome === "lost_ack")
        .map((r) => r.status)
    ).toEqual([204, 202])
  })

  it("validates options", async () => {
    await expect(createBolMarketplace({ port: 0, faults: { lostAckRate: -1 } })).rejects.toThrow(TypeError)
    await expect(
      createBolMarketplace({ port: 0, rateLimits: { nope: { max: 1, windowSec: 1 } } as any })
    ).rejects.toThrow(/unknown rate-limit group/)
    await expect(createBolMarketplace({ port: 0, offers: [{ ean: "1" } as any] })).rejects.toThrow(TypeError)
    await expect(
      createBolMarketplace({ port: 0, processStatus: { failureRate: 0.7, timeoutRate: 0.7 } })
    ).rejects.toThrow(TypeError)
    await expect(createBolMarketplace({ port: 0, bogus: 1 } as any)).rejects.toThrow(
      /unknown createBolMarketplace option/
    )
  })
})
