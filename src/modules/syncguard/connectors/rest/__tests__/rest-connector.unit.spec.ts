import { createSandbox, Sandbox } from "../../../../../../sandbox"
import type { DeliveryRequest } from "../../contract"
import { RestConnector } from "../rest-connector"

jest.setTimeout(20_000)

const order = (id: string) => ({
  id,
  display_id: 7,
  email: "ada@example.com",
  currency_code: "usd",
  status: "pending",
  customer_id: "cus_1",
  created_at: "2026-11-22T10:00:00.000Z",
  total: 3000,
  subtotal: 3000,
  items: [{ title: "Mug", variant_sku: "MUG-1", quantity: 2, unit_price: 1500 }],
  shipping_address: { first_name: "Ada", city: "London", country_code: "gb" },
})

const request = (id: string, overrides: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  operation: "order.create",
  entityType: "order",
  entityId: id,
  entity: order(id),
  idempotencyKey: `erp:order.create:order:${id}:v1`,
  correlationId: `sgc_${id}`,
  ...overrides,
})

describe("RestConnector against the sandbox", () => {
  let sandbox: Sandbox
  let connector: RestConnector

  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, authToken: "s3cret" })
    connector = new RestConnector("erp", {
      kind: "rest",
      baseUrl: sandbox.url,
      authHeader: { name: "Authorization", value: "Bearer s3cret" },
      timeoutMs: 300,
      httpRetries: 2,
    })
  })
  afterAll(() => sandbox.close())
  beforeEach(() => {
    sandbox.reset()
    sandbox.resetFaults()
  })

  it("should create the order with the profile's document, key, correlation id and auth", async () => {
    const result = await connector.deliver(request("order_1"))
    expect(result).toMatchObject({ outcome: "delivered", remoteId: expect.any(String), httpStatus: 201 })
    // the exchange is kept for the attempt's snapshot (redacted before it is stored)
    expect(result.exchange).toMatchObject({
      request: { method: "POST", url: `${sandbox.url}/orders`, body: { external_id: "order_1" } },
      response: { status: 201 },
    })
    const [stored] = sandbox.orders()
    expect(stored).toMatchObject({
      external_id: "order_1",
      display_id: 7,
      email: "ada@example.com",
      currency_code: "usd",
      items: [{ sku: "MUG-1", title: "Mug", quantity: 2, unit_price: 1500 }],
      customer_external_id: "cus_1",
    })
    const [logged] = sandbox.requests()
    expect(logged).toMatchObject({ idempotencyKey: "erp:order.create:order:order_1:v1", correlationId: "sgc_order_1" })
  })

  it("should count a 409 naming the existing record as delivered, even when the remote ignores keys", async () => {
    sandbox.setFaults({ honourIdempotencyKey: false })
    const first = await connector.deliver(request("order_1"))
    const again = await connector.deliver(request("order_1"))
    expect(again).toMatchObject({
      outcome: "delivered",
      remoteId: (first as { remoteId: string }).remoteId,
      httpStatus: 409,
    })
    expect(sandbox.stats().orders.total).toBe(1)
  })

  it("should make a business rejection permanent and keep the remote's message", async () => {
    sandbox.setFaults({ rejectExternalIds: ["order_1"] })
    expect(await connector.deliver(request("order_1"))).toMatchObject({
      outcome: "permanent",
      errorClass: "client_error",
      message: "customer credit limit exceeded for order_1",
      httpStatus: 422,
    })
  })

  it("should pass a long Retry-After on to the durable retry instead of waiting in the call", async () => {
    sandbox.setFaults({ rateLimit: { rps: 0.2, burst: 1 } })
    await connector.deliver(request("order_1"))
    const started = Date.now()
    const result = await connector.deliver(request("order_2"))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(result).toMatchObject({ outcome: "retryable", errorClass: "rate_limited", httpStatus: 429 })
    expect((result as { retryAfterMs: number }).retryAfterMs).toBeGreaterThanOrEqual(1000)
  })

  it("should call a lost acknowledgement an unknown outcome, and find the order by looking it up", async () => {
    sandbox.setFaults({ lostAckRate: 1, honourIdempotencyKey: false, uniqueExternalId: false })
    expect(await connector.deliver(request("order_1"))).toMatchObject({ outcome: "unknown", errorClass: "lost_ack" })
    sandbox.setFaults({ lostAckRate: 0 })
    const verdict = await connector.verify(request("order_1"))
    expect(verdict).toEqual({ exists: true, remoteId: sandbox.orders()[0].id })
    expect(sandbox.stats().orders.total).toBe(1)
  })

  it("should call a hung call an unknown outcome (timeout) that verification finds absent", async () => {
    sandbox.setFaults({ timeoutRate: 1, hangMs: 2000 })
    expect(await connector.deliver(request("order_1"))).toMatchObject({ outcome: "unknown", errorClass: "timeout" })
    sandbox.setFaults({ timeoutRate: 0 })
    expect(await connector.verify(request("order_1"))).toEqual({ exists: false })
    expect(sandbox.stats().orders.total).toBe(0)
  })

  it("should not verify what is safe to resend", async () => {
    expect(await connector.verify(request("order_1", { operation: "order.update" }))).toEqual({ exists: false })
    expect(sandbox.requests()).toHaveLength(0)
  })

  it("should send a traceparent built from the correlation id", async () => {
    const { traceparentFor } = await import("../../../policies/traceparent")
    const correlationId = "sgc_0123456789abcdef0123456789abcdef"
    await connector.deliver(request("order_1", { correlationId, traceparent: traceparentFor(correlationId) }))
    expect(sandbox.requests()[0].traceparent).toMatch(/^00-0123456789abcdef0123456789abcdef-[0-9a-f]{16}-01$/)
  })

  it("should wait for the create when an update finds no order yet", async () => {
    const result = await connector.deliver(request("order_9", { operation: "order.update" }))
    expect(result).toMatchObject({ outcome: "retryable", errorClass: "not_found", httpStatus: 404 })
  })

  it("should update an existing order by its external id", async () => {
    await connector.deliver(request("order_1"))
    const canceled = { ...order("order_1"), status: "canceled" }
    expect(
      await connector.deliver(
        request("order_1", {
          operation: "order.cancel",
          entity: canceled,
          idempotencyKey: "erp:order.cancel:order:order_1:v2",
        })
      )
    ).toMatchObject({
      outcome: "delivered",
      httpStatus: 200,
    })
    expect(sandbox.orders()[0].status).toBe("canceled")
  })

  it("should treat a wrong credential as permanent", async () => {
    const wrong = new RestConnector("erp", {
      kind: "rest",
      baseUrl: sandbox.url,
      authHeader: { name: "Authorization", value: "Bearer nope" },
    })
    expect(await wrong.deliver(request("order_1"))).toMatchObject({
      outcome: "permanent",
      errorClass: "auth",
      httpStatus: 401,
    })
  })
})
