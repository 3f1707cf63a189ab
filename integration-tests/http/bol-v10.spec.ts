import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { createBolMarketplace, BolMarketplace, createSandbox, Sandbox } from "../../sandbox"
import { alertSunsets } from "../../src/alerts/alert-sunsets"
import { computeStockBuffers } from "../../src/stock/compute-buffers"
import { importMarketplaceOrder, marketplacesOf } from "../../src/marketplace/import-order"
import { MARKETPLACE_ORDER_KEY } from "../../src/marketplace/map-order"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { ensureMarketplaceSalesChannel, forgetSalesChannels } from "../../src/stock/sales-channel"
import { startAlertCapture } from "../helpers/alerts"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder } from "../helpers/seed"
import { seedStockedStore, setStocked, StockedStore } from "../helpers/stock"

jest.setTimeout(300_000)

// bol's v10 stock write: 202 + a process status that decides. The v10 offer routes carry
// Deprecation / Sunset headers (sunset in 60 days: inside the 90-day horizon).
const ERP_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const BOL_PORT = ERP_PORT + 1
const ALERT_PORT = ERP_PORT + 2
const BOL_URL = `http://127.0.0.1:${BOL_PORT}`
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${ERP_PORT}`
process.env.SYNCGUARD_ALERT_WEBHOOK_URL = `http://127.0.0.1:${ALERT_PORT}/alerts`
process.env.SYNCGUARD_BOL_URL = BOL_URL
process.env.SYNCGUARD_BOL_TOKEN_URL = `${BOL_URL}/token`
process.env.SYNCGUARD_BOL_CLIENT_ID = "client"
process.env.SYNCGUARD_BOL_CLIENT_SECRET = "secret"
process.env.SYNCGUARD_BOL_STOCK_API = "v10"
// the buffer job is run by hand below; its schedule is out of the way
process.env.SYNCGUARD_BOL_BUFFER = "on"
process.env.SYNCGUARD_BOL_BUFFER_FLOOR = "1"
process.env.SYNCGUARD_STOCK_BUFFER_INTERVAL_MS = "3600000"
process.env.SYNCGUARD_BOL_POLL_MS = "3600000"
process.env.SYNCGUARD_BOL_TIMEOUT_MS = "2000"
process.env.SYNCGUARD_BOL_SETTLE_MS = "2000"
process.env.SYNCGUARD_BOL_PROCESS_POLL_MS = "100"
process.env.SYNCGUARD_BOL_PROCESS_MAX_WAIT_MS = "1200"
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "400"
process.env.SYNCGUARD_MAX_ATTEMPTS = "30"

const SKU = "SG-CAP-1"

medusaIntegrationTestRunner({
  dbName: "syncguard_http_bol_v10",
  testSuite: ({ getContainer, api }) => {
    let erp: Sandbox
    let bol: BolMarketplace
    let capture: Awaited<ReturnType<typeof startAlertCapture>>
    let store: StockedStore
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const shown = () => bol.offers().find((o) => o.reference === SKU)!
    const settle = () => drainUntilSettled(getContainer(), { expected: 1, timeoutMs: 90_000 })
    const stockAttempts = async () => {
      const [message] = await syncguard().listOutboxMessages(
        { entity_type: "stock" },
        { order: { created_at: "DESC" }, take: 1 }
      )
      return { message, attempts: await syncguard().listDeliveryAttempts({ message_id: message.id }) }
    }

    beforeAll(async () => {
      erp = await createSandbox({ port: ERP_PORT, host: "127.0.0.1" })
      capture = await startAlertCapture(ALERT_PORT)
      bol = await createBolMarketplace({
        port: BOL_PORT,
        seed: 5,
        offers: [{ ean: "8710000000100", reference: SKU, stock: 0, managedByRetailer: true }],
        processStatus: { pendingMs: 300 },
      })
    })
    afterAll(async () => {
      await bol?.close()
      await erp?.close()
      await capture?.close()
    })
    beforeEach(async () => {
      bol.reset()
      bol.setProcessStatus({ pendingMs: 300, failureRate: 0, timeoutRate: 0, neverFinishRate: 0, stuckRate: 0 })
      forgetSalesChannels()
      syncguard().connectors.notices.forget()
      store = await seedStockedStore(getContainer(), [{ sku: SKU, quantity: 10 }])
      await ensureMarketplaceSalesChannel(getContainer(), "bol")
      await settle()
    })

    it("should size the buffer from sales velocity × measured lag p95 plus the floor, and publish available − buffer", async () => {
      await setStocked(getContainer(), store, SKU, 9)
      await waitFor(async () => shown().amount === 9, 20_000)
      await placeOrder(getContainer(), store, "b1@syncguard.test", 2, undefined, store.variants[0].variantId)
      await waitFor(async () => shown().amount === 7, 20_000)
      await settle()
      const [run] = await computeStockBuffers(getContainer())
      expect(run).toMatchObject({ connector: "bol", changed: 1 })
      expect(run.lag_p95_ms).toBeGreaterThan(0)
      const { rows } = await syncguard().stockPublications({ connector: "bol" })
      const row = rows.find((r) => r.sku === SKU)!
      // 2 units in the last hour × a lag of a second or so: ceil(tiny) = 1, plus the floor of 1
      expect(row.velocity_per_hour).toBeCloseTo(2, 5)
      expect(row).toMatchObject({ available: 7, buffer_computed: 2, buffer: 2, low_stock: false })
      // the new buffer is published at once: 7 − 2
      await waitFor(async () => shown().amount === 5, 20_000)
      await settle()
      expect((await syncguard().stockPublications({ connector: "bol" })).rows[0].published_amount).toBe(5)
    })

    it("should leave a variant whose inventory Medusa does not manage off the marketplace, however much it sells", async () => {
      const {
        result: [product],
      } = await createProductsWorkflow(getContainer()).run({
        input: {
          products: [
            {
              title: "Made to order",
              status: "published" as const,
              options: [{ title: "Size", values: ["One"] }],
              sales_channels: [{ id: store.salesChannelId }],
              variants: [
                {
                  title: "One",
                  sku: `SG-MADE-TO-ORDER-${Date.now()}`,
                  manage_inventory: false,
                  options: { Size: "One" },
                  prices: [{ amount: 20, currency_code: "eur" }],
                },
              ],
            },
          ],
        },
      })
      const variantId = product.variants[0].id
      await placeOrder(getContainer(), store, "made@syncguard.test", 3, undefined, variantId)
      await settle()
      // its sales count for nothing: "0 available" published would take the offer off bol
      await computeStockBuffers(getContainer())
      await settle()
      const { rows } = await syncguard().stockPublications({ connector: "bol" })
      expect(rows.find((r) => r.variant_id === variantId)).toBeUndefined()
      expect(await syncguard().listOutboxMessages({ entity_type: "stock", entity_id: variantId })).toHaveLength(0)
    })

    it("should count a v10 write delivered only when its process status reaches SUCCESS", async () => {
      await setStocked(getContainer(), store, SKU, 7)
      await waitFor(async () => shown().amount === 7, 20_000)
      await settle()
      const { message, attempts } = await stockAttempts()
      expect(message.status).toBe("delivered")
      // 202 answered at once; the delivery was recorded after the process ended, not on the 202
      expect(attempts.at(-1)).toMatchObject({ outcome: "delivered", http_status: 202 })
      expect(bol.stats().processStatusPolls).toBeGreaterThan(0)
      expect(
        shown()
          .history.filter((h) => h.via === "v10")
          .map((h) => h.amount)
      ).toContain(7)
    })

    it("should retry a write whose process ended FAILURE or TIMEOUT, and deliver once bol applies it", async () => {
      bol.setProcessStatus({ failureRate: 0.5, timeoutRate: 0.5 })
      await setStocked(getContainer(), store, SKU, 6)
      await waitFor(async () => (await stockAttempts()).attempts.length >= 3, 30_000)
      expect(shown().amount).not.toBe(6)
      bol.setProcessStatus({ failureRate: 0, timeoutRate: 0 })
      await waitFor(async () => shown().amount === 6, 30_000)
      await settle()
      const { message, attempts } = await stockAttempts()
      expect(message.status).toBe("delivered")
      expect(attempts.filter((a) => a.outcome === "retry").length).toBeGreaterThanOrEqual(2)
      expect(attempts.some((a) => /ended (FAILURE|TIMEOUT)/.test(a.error_message ?? ""))).toBe(true)
    })

    it("should treat a process that never finishes as unknown: look before writing again", async () => {
      bol.setProcessStatus({ neverFinishRate: 1 })
      await setStocked(getContainer(), store, SKU, 5)
      await waitFor(async () => (await stockAttempts()).attempts.some((a) => a.outcome === "unknown"), 30_000)
      bol.setProcessStatus({ neverFinishRate: 0 })
      await waitFor(async () => shown().amount === 5, 60_000)
      await settle()
      const { message, attempts } = await stockAttempts()
      expect(message.status).toBe("delivered")
      // the write after the unknown one went out only after a lookup found the amount missing
      const resent = attempts.find((a) => a.resent_after_lookup)
      expect(resent).toBeDefined()
    })

    it("should end on the newest amount when a process status sticks in PENDING mid-sale and applies late", async () => {
      await setStocked(getContainer(), store, SKU, 10)
      await waitFor(async () => shown().amount === 10, 20_000)
      await settle()
      // the write of 9 stays PENDING past maxWaitMs (unknown) and bol applies it after that
      bol.setProcessStatus({ stuckRate: 1, stuckMs: 1600 })
      await setStocked(getContainer(), store, SKU, 9)
      await waitFor(async () => (await stockAttempts()).attempts.some((a) => a.outcome === "unknown"), 30_000)
      bol.setProcessStatus({ stuckRate: 0 })
      // the sale goes on meanwhile
      await setStocked(getContainer(), store, SKU, 8)
      await waitFor(async () => shown().amount === 8, 30_000)
      await settle()
      const amounts = shown()
        .history.filter((h) => h.via === "v10")
        .map((h) => h.amount)
      // the late 9 landed before the 8, never after it: 8 was written once the lookup saw the 9
      const changes = amounts.filter((a, i) => i === 0 || a !== amounts[i - 1])
      expect(changes.slice(-2)).toEqual([9, 8])
      expect(shown().amount).toBe(8)
      const [row] = (await syncguard().stockPublications({ connector: "bol" })).rows
      expect(row.published_amount).toBe(8)
    })

    it("should record the deprecation and sunset of the v10 offer routes and alert once", async () => {
      // the tables are emptied between tests, the capture is not: only this test's alerts count
      capture.alerts.length = 0
      await setStocked(getContainer(), store, SKU, 4)
      await waitFor(async () => shown().amount === 4, 20_000)
      await waitFor(async () => (await syncguard().apiDeprecations()).length > 0, 10_000)
      const [notice] = await syncguard().apiDeprecations()
      expect(notice).toMatchObject({
        connector: "bol",
        endpoint: "PUT /retailer/offers/{offer-id}/stock",
        media_type: "application/vnd.retailer.v10+json",
      })
      expect(notice.sunset_at).not.toBeNull()
      expect(notice.link).toMatch(/^https:\/\//)
      // the metrics job may raise it too (it runs alertSunsets): once in all, whoever raised it
      await alertSunsets(getContainer())
      await alertSunsets(getContainer())
      await setStocked(getContainer(), store, SKU, 3)
      await waitFor(async () => shown().amount === 3, 20_000)
      await alertSunsets(getContainer())
      const sunsets = capture.alerts.filter((a) => a.kind === "api_sunset")
      expect(sunsets).toHaveLength(1)
      expect(sunsets[0].message).toMatch(/PUT \/retailer\/offers\/\{offer-id\}\/stock/)
      const admin = await adminHeaders(getContainer())
      const health = (await api.get("/admin/syncguard/health", admin)).data
      const bolHealth = health.connectors.find((c: any) => c.name === "bol")
      expect(bolHealth.api_deprecations[0]).toMatchObject({ sunset_within_horizon: true })
      expect(health.problems.join(" ")).toMatch(/switched off/)
    })

    it("should cancel an oversold marketplace order on bol as out of stock, never reserving beyond the stock", async () => {
      await setStocked(getContainer(), store, SKU, 2)
      await waitFor(async () => shown().amount === 2, 20_000)
      // a bol buyer takes the last two while the storefront sells them too
      const order = bol.placeOrder({ reference: SKU, quantity: 2 })
      await placeOrder(getContainer(), store, "fast@syncguard.test", 2, undefined, store.variants[0].variantId)
      const marketplace = marketplacesOf(getContainer())[0]
      const outcome = await importMarketplaceOrder(getContainer(), marketplace, order.orderId, "poller#1")
      expect(outcome).toBe("oversold")
      const row = await syncguard().findMarketplaceOrder("bol", order.orderId)
      expect(row).toMatchObject({ status: "rejected", oversold_units: 2, medusa_order_id: null })
      const bolOrder = bol.orders().find((o) => o.orderId === order.orderId)!
      expect(bolOrder.orderItems[0].quantityCancelled).toBe(2)
      expect(capture.alerts.some((a) => a.kind === "oversold")).toBe(true)
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "order", fields: ["id", "metadata"] })
      expect((data as any[]).filter((o) => o.metadata?.[MARKETPLACE_ORDER_KEY] === order.orderId)).toHaveLength(0)
      const inventory = getContainer().resolve("inventory")
      const [level] = await inventory.listInventoryLevels({ inventory_item_id: store.variants[0].inventoryItemId })
      expect(Number(level.reserved_quantity)).toBe(2)
      expect(Number(level.stocked_quantity)).toBe(2)
    })
  },
})
