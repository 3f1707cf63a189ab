import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createRpcFaultProxy, RpcFaultProxy } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { registerCustomer } from "../helpers/customers"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder, seedStore, Store } from "../helpers/seed"
import { cloneTryton, dropTryton, TrytonProbe } from "../helpers/tryton"

jest.setTimeout(300_000)

// a fresh Tryton database for this suite, reached through the fault proxy
const DB = `sg_orders_${process.pid}`
const target = cloneTryton(DB)
const PROXY_PORT = 20_000 + Math.floor(Math.random() * 20_000)
process.env.SYNCGUARD_ERP_KIND = "tryton"
process.env.SYNCGUARD_TRYTON_URL = `http://127.0.0.1:${PROXY_PORT}`
process.env.SYNCGUARD_TRYTON_DB = DB
process.env.SYNCGUARD_CRM_URL = "off"
process.env.SYNCGUARD_INVOICES_CONNECTOR = "erp"
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "500"
// after a lost answer the connector waits one timeout before looking the sale up
process.env.SYNCGUARD_ERP_TIMEOUT_MS = "2000"
process.env.SYNCGUARD_RECONCILE_INTERVAL_MS = "0"
process.env.SYNCGUARD_RECONCILE_SETTLE_MS = "0"

medusaIntegrationTestRunner({
  dbName: "syncguard_tryton_orders",
  testSuite: ({ getContainer, api }) => {
    let proxy: RpcFaultProxy
    let probe: TrytonProbe
    let store: Store

    beforeAll(async () => {
      proxy = await createRpcFaultProxy({ target: target.url, port: PROXY_PORT })
      probe = new TrytonProbe(target)
    })

    afterAll(async () => {
      await proxy?.close()
      dropTryton(DB)
    })

    beforeEach(async () => {
      proxy.setRules([])
      store = await seedStore(getContainer(), { sku: "SKU-001", price: 12 })
    })

    it("delivers real orders as confirmed sales with invoices, exactly once, through lost answers and a failure between create and confirm", async () => {
      const container = getContainer()
      proxy.setRules([
        { method: "model.sale.sale.create", action: "lost_ack", times: 2 },
        { method: "model.sale.sale.confirm", action: "refuse", times: 2 },
        { method: "model.sale.sale.quote", action: "lost_ack", times: 1 },
      ])
      const orderIds: string[] = []
      for (let i = 0; i < 8; i++) {
        orderIds.push(await placeOrder(container, store, `buyer${i}@syncguard.test`, 1 + (i % 3)))
      }
      const counts = await drainUntilSettled(container, { expected: orderIds.length, timeoutMs: 120_000 })
      expect(counts.dead).toBe(0)
      expect(proxy.fired()).toHaveLength(5)

      for (const [i, id] of orderIds.entries()) {
        const sales = await probe.sales(id)
        expect(sales).toHaveLength(1)
        expect(sales[0].state).toBe("processing")
        expect(sales[0].invoices).toHaveLength(1)
        const [line] = await probe.call("sale.line", "read", (sales[0] as any).lines, ["product.code", "quantity", "unit_price"])
        expect(line).toMatchObject({ "product.": expect.objectContaining({ code: "SKU-001" }), quantity: 1 + (i % 3) })
        expect(Number(line.unit_price.decimal)).toBe(12)
      }
      // the outbox shows what happened: unknown outcomes resolved by a lookup or a resend, never blind
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const attempts = await syncguard.listDeliveryAttempts({}, { take: 1000 })
      const failed = attempts.filter((a) => a.error_class)
      expect(failed.filter((a) => a.error_class === "lost_ack")).toHaveLength(3)
      expect(failed.filter((a) => a.http_status === 503)).toHaveLength(2)
    })

    it("reconciliation finds a sale Tryton never got (its event was lost), sends it once, and finds nothing false in the rest", async () => {
      const container = getContainer()
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const admin = await adminHeaders(container)
      const delivered = [await placeOrder(container, store, "t1@syncguard.test", 2), await placeOrder(container, store, "t2@syncguard.test")]
      await drainUntilSettled(container, { expected: 2, timeoutMs: 120_000 })
      // the lost order: its event never reached syncguard (the connector is paused meanwhile, so
      // the fast path cannot send it before the test takes its message away)
      await syncguard.setConnectorPaused({ connector: "erp", paused: true, reason: "test" })
      const lost = await placeOrder(container, store, "t3@syncguard.test", 3)
      await waitFor(async () => (await syncguard.listOutboxMessages({ entity_id: lost })).length > 0)
      const lostMessages = await syncguard.listOutboxMessages({ entity_id: lost })
      await syncguard.deleteOutboxMessages(lostMessages.map((m) => m.id))
      await syncguard.setConnectorPaused({ connector: "erp", paused: false })
      expect(await probe.sales(lost)).toHaveLength(0)

      const reconcile = async () => {
        const started = await api.post(
          "/admin/syncguard/reconciliation/runs",
          { connector: "erp", entity_type: "order" },
          admin
        )
        expect(started.status).toBe(202)
        for (;;) {
          const { data } = await api.get(`/admin/syncguard/reconciliation/runs/${started.data.run.id}`, admin)
          if (data.run.status !== "running") return data
          await new Promise((r) => setTimeout(r, 200))
        }
      }
      const first = await reconcile()
      expect(first.run).toMatchObject({ status: "completed", checked: 3, missing: 1, mismatched: 0, duplicated: 0, repaired: 1 })
      expect(first.findings).toEqual([expect.objectContaining({ kind: "missing", entity_id: lost, status: "repaired" })])
      await drainUntilSettled(container, { expected: 3, timeoutMs: 120_000 })
      for (const id of [...delivered, lost]) expect(await probe.sales(id)).toHaveLength(1)
      const second = await reconcile()
      expect(second.run).toMatchObject({ status: "completed", checked: 3, confirmed: 3, remote_records: 3 })
      expect(second.findings).toEqual([])
    })

    it("maps one Medusa customer to one Tryton party across its customer sync and its orders", async () => {
      const container = getContainer()
      const customer = await registerCustomer(api, store.publishableKey, `party${Date.now()}@syncguard.test`)
      for (let i = 0; i < 3; i++) {
        await placeOrder(container, store, customer.email, 1, customer.id)
      }
      await drainUntilSettled(container, { expected: 4, timeoutMs: 60_000 })
      const parties = await probe.parties(customer.id)
      expect(parties).toHaveLength(1)
      const sales = await probe.call("sale.sale", "search_read", [["party", "=", parties[0].id]], 0, null, null, ["state"])
      expect(sales.map((s: any) => s.state)).toEqual(["processing", "processing", "processing"])

      // …and, once accounting posts them, the customer reads those invoices through the invoice API, scoped to their party
      const invoiceIds = await probe.call("account.invoice", "search", [["party", "=", parties[0].id]], 0, null, null)
      expect(invoiceIds).toHaveLength(3)
      await probe.call("account.invoice", "post", invoiceIds)
      const { data } = await api.get("/store/invoices", { headers: customer.headers })
      expect(data.invoices).toHaveLength(3)
      expect(new Set(data.invoices.map((i: any) => i.currency_code))).toEqual(new Set(["usd"]))
      const one = await api.get(`/store/invoices/${data.invoices[0].id}`, { headers: customer.headers })
      expect(one.data.invoice.id).toBe(data.invoices[0].id)
      const doc = await api.get(`/store/invoices/${data.invoices[0].id}/pdf`, { headers: customer.headers, responseType: "arraybuffer" })
      expect(doc.headers["content-type"]).toContain("application/vnd.oasis.opendocument.text")
      expect(Buffer.from(doc.data).subarray(0, 2).toString()).toBe("PK")

      // another customer's invoice is not theirs to read
      const other = await registerCustomer(api, store.publishableKey, `other${Date.now()}@syncguard.test`)
      await drainUntilSettled(container, { expected: 5, timeoutMs: 60_000 })
      const denied = await api.get(`/store/invoices/${data.invoices[0].id}`, { headers: other.headers }).catch((e) => e.response)
      expect(denied.status).toBe(404)
      const { data: empty } = await api.get("/store/invoices", { headers: other.headers })
      expect(empty.invoices).toHaveLength(0)
    })

    it("reads Tryton's stock levels through the admin API, and says what is wrong with a bad query", async () => {
      const admin = await adminHeaders(getContainer())
      const { data } = await api.get("/admin/syncguard/connectors/erp/stock?sku=SKU-002,SKU-003&sku=NOPE", admin)
      expect(data.stock_levels).toEqual(
        expect.arrayContaining([
          { sku: "SKU-002", location: "WH", quantity: 50, forecast_quantity: 50 },
          { sku: "SKU-003", location: "WH", quantity: 0, forecast_quantity: 0 },
        ])
      )
      expect(data.missing_skus).toEqual(["NOPE"])
      const bad = await api.get("/admin/syncguard/connectors/erp/stock", admin).catch((e) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toContain("sku")
      const unknown = await api.get("/admin/syncguard/connectors/nope/stock?sku=A", admin).catch((e) => e.response)
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toContain('Connector "nope" is not configured')
    })
  },
})
