import { createRpcFaultProxy, RpcFaultProxy } from "../../sandbox"
import { TrytonConnector } from "../../src/modules/syncguard/connectors/tryton/tryton-connector"
import type { DeliveryRequest, SyncOperation } from "../../src/modules/syncguard/types"
import { cloneTryton, dropTryton, TrytonProbe, TrytonTarget } from "../helpers/tryton"

jest.setTimeout(120_000)

// a new name per run: the server keeps pooled connections to a dropped database of the same name
const DB = `sg_connector_${process.pid}`

/** Medusa order state as the delivery workflow loads it. */
const order = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  display_id: 1,
  email: "ada@example.com",
  currency_code: "usd",
  customer_id: `cus_${id}`,
  items: [
    { id: "li_1", title: "T-Shirt", variant_sku: "SKU-001", quantity: 2, unit_price: 12 },
    { id: "li_2", title: "Cap", variant_sku: "SKU-003", quantity: 1, unit_price: 9.9 },
  ],
  shipping_address: { first_name: "Ada", last_name: "Lovelace", address_1: "1 Analytical Way", city: "Springfield", postal_code: "12345", country_code: "us" },
  ...overrides,
})

const request = (operation: SyncOperation, entity: Record<string, any>): DeliveryRequest => ({
  operation,
  entityType: operation.startsWith("customer") ? "customer" : "order",
  entityId: entity.id,
  entity,
  idempotencyKey: `${operation}:${entity.id}`,
  correlationId: `corr-${entity.id}`,
})

const warnings: string[] = []
const logger = { warn: (m: string) => warnings.push(m), info: () => undefined, error: () => undefined, debug: () => undefined } as any

describe("Tryton connector against a real Tryton 6.0", () => {
  let target: TrytonTarget
  let proxy: RpcFaultProxy
  let probe: TrytonProbe
  let connector: TrytonConnector
  let seq = 0
  const nextId = () => `order_spec_${++seq}_${Date.now()}`
  /** the connector's options as the plugin's options schema fills them in, pointed at the test database */
  const tryton = (overrides: Record<string, unknown>) =>
    ({ kind: "tryton", language: "en", invoiceStates: ["posted", "paid"], entities: ["order", "customer"], timeoutMs: 10_000, ...target, ...overrides }) as any

  beforeAll(async () => {
    target = cloneTryton(DB)
    proxy = await createRpcFaultProxy({ target: target.url })
    probe = new TrytonProbe(target)
    connector = new TrytonConnector("erp", tryton({ url: proxy.url }), logger)
  })

  afterAll(async () => {
    await proxy?.close()
    dropTryton(DB)
  })

  beforeEach(() => proxy.setRules([]))

  it("creates a confirmed, processed sale with an invoice, taxes from Tryton, and never a second one", async () => {
    const o = order(nextId())
    const first = await connector.deliver(request("order.create", o))
    expect(first).toMatchObject({ outcome: "delivered" })
    const again = await connector.deliver(request("order.create", o))
    expect(again).toMatchObject({ outcome: "delivered", remoteId: (first as any).remoteId })

    const sales = await probe.sales(o.id)
    expect(sales).toHaveLength(1)
    expect(sales[0].state).toBe("processing")
    expect(sales[0].invoices).toHaveLength(1)
    expect(sales[0].shipments).toHaveLength(1)
    const lines = await probe.call("sale.line", "read", (sales[0] as any).lines, ["product.code", "quantity", "unit", "unit_price", "taxes"])
    const cap = lines.find((l: any) => l["product."].code === "SKU-003")
    expect(cap.taxes).toHaveLength(1) // SKU-003's category carries VAT 10 %: filled by on_change_product
    expect(cap.unit_price.decimal).toMatch(/^9\.9/)
    expect(await probe.parties(o.customer_id)).toHaveLength(1)
    expect(await connector.verify(request("order.create", o))).toEqual({ exists: true, remoteId: (first as any).remoteId })
    // the snapshot shows every call of the send, and no password
    expect(JSON.stringify((first as any).exchange)).toContain("model.sale.sale.confirm")
  })

  it("carries on after the answer to create was lost: verify says not arrived, the resend confirms the one draft", async () => {
    const o = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.create", action: "lost_ack" }])
    const lost = await connector.deliver(request("order.create", o))
    expect(lost).toMatchObject({ outcome: "unknown" })
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["draft"])
    // a draft has not arrived: the outbox resends instead of marking it delivered
    expect(await connector.verify(request("order.create", o))).toEqual({ exists: false })
    expect(await connector.deliver(request("order.create", o))).toMatchObject({ outcome: "delivered" })
    const sales = await probe.sales(o.id)
    expect(sales).toHaveLength(1)
    expect(sales[0]).toMatchObject({ state: "processing" })
    expect(sales[0].invoices).toHaveLength(1)
  })

  it("survives a failure between create and confirm, and a lost answer to confirm", async () => {
    const o = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.confirm", action: "refuse" }])
    expect(await connector.deliver(request("order.create", o))).toMatchObject({ outcome: "retryable", httpStatus: 503 })
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["quotation"])
    expect(await connector.deliver(request("order.create", o))).toMatchObject({ outcome: "delivered" })
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["processing"])

    const o2 = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.confirm", action: "lost_ack" }])
    expect(await connector.deliver(request("order.create", o2))).toMatchObject({ outcome: "unknown" })
    // confirm did commit: the lookup settles it without sending anything again
    const verdict = await connector.verify(request("order.create", o2))
    expect(verdict).toMatchObject({ exists: true })
    const sales = await probe.sales(o2.id)
    expect(sales).toHaveLength(1)
    expect(sales[0].state).toBe("processing")
  })

  it("logs in again when the session is refused, once", async () => {
    const before = proxy.calls()["common.db.login"] ?? 0
    proxy.setRules([{ method: "model.sale.sale.search_read", action: "unauthorized" }])
    expect(await connector.deliver(request("order.create", order(nextId())))).toMatchObject({ outcome: "delivered" })
    expect(proxy.fired()).toContainEqual({ method: "model.sale.sale.search_read", action: "unauthorized" })
    expect((proxy.calls()["common.db.login"] ?? 0) - before).toBe(1)
  })

  it("backs off on a login lockout and refuses bad credentials as permanent", async () => {
    const locked = new TrytonConnector("erp", tryton({ url: proxy.url }), logger)
    proxy.setRules([{ method: "common.db.login", action: "rate_limit" }])
    expect(await locked.deliver(request("order.create", order(nextId())))).toMatchObject({
      outcome: "retryable",
      errorClass: "rate_limited",
      httpStatus: 429,
    })
    // a login of its own, so this test's failures never lock the shared API user out
    const wrong = new TrytonConnector("erp", tryton({ login: `nobody_${Date.now()}`, password: "wrong" }), logger)
    expect(await wrong.deliver(request("order.create", order(nextId())))).toMatchObject({ outcome: "permanent", errorClass: "auth", httpStatus: 401 })
  })

  it("treats a refused connection as retryable", async () => {
    const down = new TrytonConnector("erp", tryton({ url: "http://127.0.0.1:9" }), logger)
    expect(await down.deliver(request("order.create", order(nextId())))).toMatchObject({ outcome: "retryable", errorClass: "network" })
  })

  it("keeps Tryton's UserError when processing fails after a confirm that answered success", async () => {
    // a product without an accounting category: confirm answers null, the sale stays confirmed with no invoice
    const [unit] = await probe.call("product.uom", "search", [["name", "=", "Unit"]], 0, 1, null)
    await probe.call("product.template", "create", [
      { name: "Loose item", code: "SKU-NOACC", type: "goods", salable: true, default_uom: unit, sale_uom: unit, list_price: 5, products: [["create", [{}]]] },
    ])
    const o = order(nextId(), { items: [{ id: "li", title: "Loose", variant_sku: "SKU-NOACC", quantity: 1, unit_price: 5 }] })
    const result = await connector.deliver(request("order.create", o))
    expect(result).toMatchObject({ outcome: "permanent", errorClass: "client_error" })
    expect((result as any).message).toMatch(/UserError in model\.sale\.sale\.process: .*account/i)
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["confirmed"])
  })

  it("refuses lines Tryton does not know, naming the SKU", async () => {
    const o = order(nextId(), { items: [{ id: "li", title: "Ghost", variant_sku: "SKU-NOPE", quantity: 1, unit_price: 1 }] })
    const result = await connector.deliver(request("order.create", o))
    expect(result).toMatchObject({ outcome: "permanent", errorClass: "mapping" })
    expect((result as any).message).toContain("SKU-NOPE")
    expect(await probe.sales(o.id)).toHaveLength(0)
  })

  it("maps one customer to one party, by code, whoever creates it first", async () => {
    const customer = { id: `cus_party_${Date.now()}`, email: "grace@example.com", first_name: "Grace", last_name: "Hopper" }
    const [a, b] = await Promise.all([
      connector.deliver(request("customer.upsert", customer)),
      connector.deliver(request("order.create", order(nextId(), { customer_id: customer.id }))),
    ])
    expect(a).toMatchObject({ outcome: "delivered" })
    expect(b).toMatchObject({ outcome: "delivered" })
    expect(await connector.deliver(request("customer.upsert", customer))).toMatchObject({ outcome: "delivered", remoteId: (a as any).remoteId })
    const parties = await probe.parties(customer.id)
    expect(parties).toHaveLength(1)
    expect(parties[0].name).toBe("Grace Hopper")
    expect(await connector.customers.findRemoteCustomerId(customer.id)).toBe(String(parties[0].id))
  })

  it("cancels a sale Tryton can still cancel, and says clearly when it cannot", async () => {
    const processing = order(nextId())
    await connector.deliver(request("order.create", processing))
    const refused = await connector.deliver(request("order.cancel", processing))
    expect(refused).toMatchObject({ outcome: "permanent", errorClass: "client_error" })
    expect((refused as any).message).toMatch(/is "processing" in Tryton, which Tryton cannot cancel/)

    const draft = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.quote", action: "refuse" }])
    expect(await connector.deliver(request("order.create", draft))).toMatchObject({ outcome: "retryable" })
    expect(await connector.deliver(request("order.cancel", draft))).toMatchObject({ outcome: "delivered" })
    expect((await probe.sales(draft.id)).map((s) => s.state)).toEqual(["cancelled"])
    expect(await connector.verify(request("order.cancel", draft))).toMatchObject({ exists: true })
    // and a create that comes again after the cancel does not resurrect it
    expect(await connector.deliver(request("order.create", draft))).toMatchObject({ outcome: "permanent" })
  })

  it("carries on a create Tryton commits after the connector gave up on it, and removes a draft that committed after a too-early resend", async () => {
    // The proxy holds the create away from Tryton until the test releases it: the connector's
    // timeout always passes first, and Tryton commits the sale exactly when the test says.
    const slow = new TrytonConnector("erp", tryton({ url: proxy.url, timeoutMs: 3000 }), logger)
    const o = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.create", action: "hold" }])
    expect(await slow.deliver(request("order.create", o))).toMatchObject({ outcome: "unknown" })
    await proxy.waitForHeld()
    expect(await probe.sales(o.id)).toEqual([]) // the create has not reached Tryton yet
    expect(await proxy.release()).toBe(1) // now Tryton works on it and commits, long after the client gave up
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["draft"])
    expect(await slow.verify(request("order.create", o))).toEqual({ exists: false }) // a draft has not arrived
    expect(await slow.deliver(request("order.create", o))).toMatchObject({ outcome: "delivered" })
    expect((await probe.sales(o.id)).map((s) => s.state)).toEqual(["processing"])

    // a resend that comes before the held create commits makes a second sale; the next look cleans up
    const o2 = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.create", action: "hold" }])
    expect(await slow.deliver(request("order.create", o2))).toMatchObject({ outcome: "unknown" })
    await proxy.waitForHeld()
    expect(await slow.deliver(request("order.create", o2))).toMatchObject({ outcome: "delivered" })
    expect(await proxy.release()).toBe(1)
    expect((await probe.sales(o2.id)).map((s) => s.state).sort()).toEqual(["draft", "processing"])
    expect(await slow.verify(request("order.create", o2))).toMatchObject({ exists: true })
    expect((await probe.sales(o2.id)).map((s) => s.state)).toEqual(["processing"])
    expect(warnings.some((w) => w.includes("deleted duplicate draft sale"))).toBe(true)
  })

  it("applies an update to a sale not yet confirmed, accepts an unchanged one, and refuses to rewrite a confirmed sale", async () => {
    const o = order(nextId())
    await connector.deliver(request("order.create", o))
    expect(await connector.deliver(request("order.update", o))).toMatchObject({ outcome: "delivered" })
    const changed = { ...o, items: [{ id: "li_1", title: "T-Shirt", variant_sku: "SKU-001", quantity: 5, unit_price: 12 }] }
    const refused = await connector.deliver(request("order.update", changed))
    expect(refused).toMatchObject({ outcome: "permanent", errorClass: "client_error" })
    expect((refused as any).message).toContain("Medusa: SKU-001×5; Tryton: SKU-001×2, SKU-003×1")

    const early = order(nextId())
    proxy.setRules([{ method: "model.sale.sale.confirm", action: "refuse" }])
    await connector.deliver(request("order.create", early)) // left as a quotation
    const edited = { ...early, items: [{ id: "li_9", title: "Hoodie", variant_sku: "SKU-002", quantity: 3, unit_price: 25 }] }
    expect(await connector.deliver(request("order.update", edited))).toMatchObject({ outcome: "delivered" })
    const [sale] = await probe.sales(early.id)
    expect(sale.state).toBe("processing")
    const lines = await probe.call("sale.line", "read", (sale as any).lines, ["product.code", "quantity"])
    expect(lines.map((l: any) => [l["product."].code, l.quantity])).toEqual([["SKU-002", 3]])
  })

  it("creates nothing for an order canceled before it reached Tryton, and has nothing to cancel then", async () => {
    const o = order(nextId(), { status: "canceled" })
    expect(await connector.deliver(request("order.create", o))).toMatchObject({ outcome: "delivered", remoteId: null })
    expect(await connector.deliver(request("order.cancel", o))).toMatchObject({ outcome: "delivered", remoteId: null })
    expect(await probe.sales(o.id)).toHaveLength(0)
  })

  it("replaces a party's email when the customer's changes", async () => {
    const customer = { id: `cus_mail_${Date.now()}`, email: "old@example.com", first_name: "Ada" }
    await connector.deliver(request("customer.upsert", customer))
    await connector.deliver(request("customer.upsert", { ...customer, email: "new@example.com" }))
    const [party] = await probe.parties(customer.id)
    const [read] = await probe.call("party.party", "read", [party.id], ["email"])
    expect(read.email).toBe("new@example.com")
    const mechanisms = await probe.call("party.contact_mechanism", "search", [["party", "=", party.id], ["type", "=", "email"]], 0, null, null)
    expect(mechanisms).toHaveLength(1)
  })

  it("refuses a tax-inclusive price on a product Tryton taxes, instead of taxing it twice", async () => {
    const o = order(nextId(), { items: [{ id: "li", title: "Cap", variant_sku: "SKU-003", quantity: 1, unit_price: 11, is_tax_inclusive: true }] })
    const result = await connector.deliver(request("order.create", o))
    expect(result).toMatchObject({ outcome: "permanent", errorClass: "mapping" })
    expect((result as any).message).toContain("tax-inclusive")
    expect(await probe.sales(o.id)).toHaveLength(0)
  })

  it("reads stock levels per warehouse", async () => {
    // a confirmed sale of SKU-001 reserves stock: its forecast drops below what is on hand
    await connector.deliver(request("order.create", order(nextId())))
    const levels = await connector.stock.stockLevels(["SKU-001", "SKU-002", "SKU-003"])
    const bySku = Object.fromEntries(levels.map((l) => [l.sku, l]))
    expect(bySku["SKU-002"]).toMatchObject({ location: "WH", quantity: 50 })
    expect(bySku["SKU-003"]).toMatchObject({ quantity: 0 })
    expect(bySku["SKU-001"].quantity).toBe(100)
    expect(bySku["SKU-001"].forecastQuantity).toBeLessThan(100)
  })

  it("reads a party's invoices, one invoice and its document", async () => {
    const o = order(nextId())
    await connector.deliver(request("order.create", o))
    const [sale] = await probe.sales(o.id)
    // a draft invoice is accounting's work in progress: customers see it once it is posted
    expect((await connector.invoices.listInvoices({ remoteCustomerId: String(sale.party), limit: 10 })).invoices).toEqual([])
    expect(await connector.invoices.getInvoice(String(sale.invoices[0]))).toBeNull()
    await probe.call("account.invoice", "post", sale.invoices)
    const page = await connector.invoices.listInvoices({ remoteCustomerId: String(sale.party), limit: 10 })
    expect(page.invoices.map((i) => i.id)).toEqual([String(sale.invoices[0])])
    expect(page.invoices[0]).toMatchObject({ customer_id: String(sale.party), email: "ada@example.com", currency_code: "usd", status: "posted" })
    expect(page.invoices[0].total).toBeCloseTo(2 * 12 + 9.9 * 1.1, 2)
    expect(await connector.invoices.getInvoice(String(sale.invoices[0]))).toMatchObject({ id: String(sale.invoices[0]) })
    expect(await connector.invoices.getInvoice("999999")).toBeNull()
    // "01" would read invoice 1: ids are taken only as Tryton writes them
    expect(await connector.invoices.getInvoice(`0${sale.invoices[0]}`)).toBeNull()
    const doc = await connector.invoices.getInvoicePdf(String(sale.invoices[0]))
    expect(doc?.contentType).toBe("application/vnd.oasis.opendocument.text")
    expect(doc?.body.subarray(0, 2).toString()).toBe("PK")
    expect(await connector.invoices.getInvoicePdf("999999")).toBeNull()
  })
})
