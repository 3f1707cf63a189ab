import { createSandbox, Sandbox, SandboxOptions } from "../index"

let sb: Sandbox | undefined

async function start(opts: SandboxOptions = {}): Promise<Sandbox> {
  sb = await createSandbox({ port: 0, ...opts })
  return sb
}

afterEach(async () => {
  await sb?.close()
  sb = undefined
})

function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${sb!.url}${path}`, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

const order = (externalId: string, extra: Record<string, unknown> = {}) => ({
  external_id: externalId,
  display_id: 1,
  email: "a@example.com",
  currency_code: "eur",
  items: [{ sku: "SKU-1", title: "Shirt", quantity: 1, unit_price: 1000 }],
  ...extra,
})

const postOrder = (externalId: string, headers: Record<string, string> = {}) =>
  call("POST", "/orders", order(externalId), headers)

describe("sandbox", () => {
  it("creates an order, then answers 409 with the existing id for the same external_id", async () => {
    await start()
    const first = await postOrder("ext-1")
    expect(first.status).toBe(201)
    const { id } = await first.json()
    expect(id).toMatch(/^ord_\d+$/)

    const second = await postOrder("ext-1")
    expect(second.status).toBe(409)
    expect(await second.json()).toEqual({
      id,
      external_id: "ext-1",
      message: "order with external_id ext-1 already exists",
    })

    const found = await (await call("GET", "/orders?external_id=ext-1")).json()
    expect(found.data).toHaveLength(1)
    expect(found.data[0]).toMatchObject({ id, external_id: "ext-1", currency_code: "eur" })
    expect(sb!.stats().orders).toEqual({ total: 1, uniqueExternalIds: 1, duplicates: 0, creates: 1 })
  })

  it("validates order bodies and JSON", async () => {
    await start()
    expect((await call("POST", "/orders", { items: [] })).status).toBe(422)
    expect((await call("POST", "/orders", { external_id: "x", items: "nope" })).status).toBe(422)
    const bad = await fetch(`${sb!.url}/orders`, { method: "POST", body: "{not json" })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toHaveProperty("message")
    expect((await call("GET", "/nope")).status).toBe(404)
  })

  it("replays an Idempotency-Key with the same body and Idempotent-Replayed", async () => {
    await start()
    const first = await postOrder("ext-1", { "Idempotency-Key": "key-1" })
    const firstBody = await first.json()
    const replay = await postOrder("ext-1", { "Idempotency-Key": "key-1" })

    expect(replay.status).toBe(201)
    expect(replay.headers.get("idempotent-replayed")).toBe("true")
    expect(await replay.json()).toEqual(firstBody)
    expect(sb!.orders()).toHaveLength(1)
    expect(sb!.stats().byOutcome.replayed).toBe(1)
    expect(sb!.requests().map((r) => r.outcome)).toEqual(["ok", "replayed"])
    expect(sb!.requests()[1].idempotencyKey).toBe("key-1")
  })

  it("without idempotency or unique references a replay creates a duplicate", async () => {
    await start({ faults: { honourIdempotencyKey: false, uniqueExternalId: false } })
    const a = await postOrder("ext-1", { "Idempotency-Key": "key-1" })
    const b = await postOrder("ext-1", { "Idempotency-Key": "key-1" })
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.headers.get("idempotent-replayed")).toBeNull()
    expect((await a.json()).id).not.toBe((await b.json()).id)

    expect(sb!.stats().orders).toEqual({ total: 2, uniqueExternalIds: 1, duplicates: 1, creates: 2 })
    expect(sb!.orders()).toHaveLength(2)
    const stats = await (await call("GET", "/__stats")).json()
    expect(stats.orders.duplicates).toBe(1)
  })

  it("rate limits with 429 and a numeric Retry-After >= 1", async () => {
    await start({ faults: { rateLimit: { rps: 1, burst: 2 } } })
    expect((await call("GET", "/orders")).status).toBe(200)
    expect((await call("GET", "/orders")).status).toBe(200)
    const limited = await call("GET", "/orders")
    expect(limited.status).toBe(429)
    expect(await limited.json()).toEqual({ message: "rate limited" })
    const retryAfter = limited.headers.get("retry-after")
    expect(retryAfter).toMatch(/^\d+$/)
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
    expect(sb!.stats().rateLimited).toBe(1)
    expect(sb!.stats().byStatus["429"]).toBe(1)

    sb!.setFaults({ retryAfterFormat: "http-date" })
    const dated = await call("GET", "/orders")
    expect(dated.status).toBe(429)
    expect(Date.parse(dated.headers.get("retry-after")!)).toBeGreaterThan(Date.now() - 1000)
  })

  it("lost ack commits the order but the client sees a socket error; the key then replays", async () => {
    await start({ faults: { lostAckRate: 1 } })
    await expect(postOrder("ext-lost", { "Idempotency-Key": "k-lost" })).rejects.toThrow()

    sb!.setFaults({ lostAckRate: 0 })
    const found = await (await call("GET", "/orders?external_id=ext-lost")).json()
    expect(found.data).toHaveLength(1)

    const retry = await postOrder("ext-lost", { "Idempotency-Key": "k-lost" })
    expect(retry.status).toBe(201)
    expect(retry.headers.get("idempotent-replayed")).toBe("true")
    expect((await retry.json()).id).toBe(found.data[0].id)
    expect(sb!.stats().byOutcome.lost_ack).toBe(1)
  })

  it("timeout holds the request, then drops it without committing", async () => {
    await start({ faults: { timeoutRate: 1, hangMs: 200 } })
    const t0 = Date.now()
    await expect(postOrder("ext-hang")).rejects.toThrow()
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150)

    sb!.resetFaults()
    const found = await (await call("GET", "/orders?external_id=ext-hang")).json()
    expect(found.data).toHaveLength(0)
    expect(sb!.orders()).toHaveLength(0)
    expect(sb!.stats().byOutcome.timeout).toBe(1)
  })

  it("injects 5xx before committing, and down answers 503", async () => {
    await start({ faults: { errorRate: 1 } })
    const res = await postOrder("ext-5xx")
    expect([500, 502, 503]).toContain(res.status)
    expect(sb!.orders()).toHaveLength(0)

    sb!.setFaults({ errorRate: 0, down: true })
    const down = await postOrder("ext-5xx")
    expect(down.status).toBe(503)
    expect(await down.json()).toEqual({ message: "down" })
    // control routes are never faulted
    expect((await call("GET", "/__stats")).status).toBe(200)
    expect(sb!.stats().byOutcome).toMatchObject({ error_5xx: 1, down: 1 })
  })

  it("the same seed gives the same fault sequence", async () => {
    const run = async () => {
      await start({ faults: { errorRate: 0.5, seed: 1234 } })
      const statuses: number[] = []
      for (let i = 0; i < 20; i++) statuses.push((await call("GET", "/orders")).status)
      await sb!.close()
      sb = undefined
      return statuses
    }
    const a = await run()
    expect(a.some((s) => s >= 500) && a.some((s) => s === 200)).toBe(true)
    expect(await run()).toEqual(a)
  })

  it("cursor pagination walks every order exactly once, updates included", async () => {
    await start()
    const ids: string[] = []
    for (let i = 0; i < 23; i++) ids.push((await (await postOrder(`ext-${i}`)).json()).id)
    expect((await call("PUT", "/orders/external/ext-3", { status: "canceled" })).status).toBe(200)
    expect((await call("PUT", "/orders/external/missing", { status: "canceled" })).status).toBe(404)

    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const qs: string =
        `updated_since=${encodeURIComponent("2000-01-01T00:00:00Z")}&limit=5` +
        (cursor ? `&cursor=${encodeURIComponent(cursor)}` : "")
      const page = await (await call("GET", `/orders?${qs}`)).json()
      expect(page.data.length).toBeLessThanOrEqual(5)
      seen.push(...page.data.map((o: { id: string }) => o.id))
      cursor = page.next_cursor
      pages++
    } while (cursor)

    expect(pages).toBe(5)
    expect(seen).toHaveLength(23)
    expect(new Set(seen)).toEqual(new Set(ids))
    // ext-3 was updated last, so it comes last in (updated_at, ...) order
    const last = (await (await call("GET", "/orders?external_id=ext-3")).json()).data[0]
    expect(seen[seen.length - 1]).toBe(last.id)
    expect(last.status).toBe("canceled")

    expect((await call("GET", "/orders?updated_since=yesterday")).status).toBe(400)
  })

  it("rejects configured external ids with a permanent 422", async () => {
    await start({ faults: { rejectExternalIds: ["ext-bad"] } })
    const res = await postOrder("ext-bad")
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({ message: "customer credit limit exceeded for ext-bad" })
    expect((await postOrder("ext-good")).status).toBe(201)
    expect(sb!.stats().byOutcome.client_error).toBe(1)
  })

  it("requires the bearer token when authToken is set", async () => {
    await start({ authToken: "secret" })
    expect((await call("GET", "/orders")).status).toBe(401)
    expect((await call("GET", "/orders", undefined, { Authorization: "Bearer wrong" })).status).toBe(401)
    expect((await call("GET", "/orders", undefined, { Authorization: "Bearer secret" })).status).toBe(200)
    expect((await call("GET", "/__stats")).status).toBe(200)
  })

  it("serves inventory, customers and invoices", async () => {
    await start()
    const inv = await call("PUT", "/inventory/SKU-1", { quantity: 5 })
    expect(await inv.json()).toMatchObject({ sku: "SKU-1", quantity: 5 })
    expect((await call("PUT", "/inventory/SKU-2", { quantity: -1 })).status).toBe(422)
    expect((await (await call("GET", "/inventory")).json()).data).toHaveLength(1)

    const c1 = await (await call("PUT", "/customers/cust-1", { email: "a@example.com" })).json()
    const c2 = await (await call("PUT", "/customers/cust-1", { email: "b@example.com" })).json()
    expect(c1.id).toMatch(/^cus_\d+$/)
    expect(c2.id).toBe(c1.id)
    const customers = (await (await call("GET", "/customers?external_id=cust-1")).json()).data
    expect(customers).toEqual([expect.objectContaining({ id: c1.id, email: "b@example.com" })])

    sb!.seedInvoices([
      {
        id: "inv_1",
        customer_id: c1.id,
        number: "F-1",
        total: 100,
        currency_code: "eur",
        issued_at: "2024-01-01",
        status: "paid",
      },
      {
        id: "inv_2",
        customer_id: "cus_other",
        number: "F-2",
        total: 50,
        currency_code: "eur",
        issued_at: "2024-01-02",
        status: "open",
      },
    ])
    expect((await call("POST", "/__invoices", [{ customer_id: c1.id, number: "F-3" }])).status).toBe(200)
    const invoices = (await (await call("GET", `/invoices?customer_id=${c1.id}`)).json()).data
    expect(invoices.map((i: { number: string }) => i.number)).toEqual(["F-1", "F-3"])
  })

  it("control routes set and reset faults and data", async () => {
    await start()
    const set = await call("POST", "/__faults", { errorRate: 0.25, latencyMs: [1, 2] })
    expect(await set.json()).toMatchObject({ errorRate: 0.25, latencyMs: [1, 2] })
    expect((await call("POST", "/__faults", { errorRate: 7 })).status).toBe(400)
    expect((await (await call("DELETE", "/__faults")).json()).errorRate).toBe(0)

    await postOrder("ext-1", { "X-Correlation-Id": "corr-1", traceparent: "00-abc-def-01" })
    expect(sb!.requests()[0]).toMatchObject({ correlationId: "corr-1", traceparent: "00-abc-def-01", status: 201 })
    expect((await (await call("GET", "/__orders")).json()).data).toHaveLength(1)
    expect((await call("POST", "/__reset")).status).toBe(200)
    expect(sb!.orders()).toHaveLength(0)
    expect(sb!.stats().requests).toBe(0)
  })

  it("close() resolves even while a request is hung", async () => {
    await start({ faults: { timeoutRate: 1, hangMs: 60_000 } })
    const hung = postOrder("ext-hung").then(
      () => "answered",
      () => "failed"
    )
    while (sb!.stats().inFlight === 0) await new Promise((r) => setTimeout(r, 5))

    const t0 = Date.now()
    await sb!.close()
    expect(Date.now() - t0).toBeLessThan(1000)
    expect(await hung).toBe("failed")
    sb = undefined
  })
})
