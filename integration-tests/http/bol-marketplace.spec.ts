import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createBolMarketplace, BolMarketplace, createSandbox, Sandbox } from "../../sandbox"
import { pollMarketplaceOrders } from "../../src/marketplace/poll-orders"
import { importMarketplaceOrder, marketplacesOf } from "../../src/marketplace/import-order"
import { MARKETPLACE_CONNECTOR_KEY, MARKETPLACE_ORDER_KEY } from "../../src/marketplace/map-order"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { forgetSalesChannels, ensureMarketplaceSalesChannel } from "../../src/stock/sales-channel"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { runPool } from "../helpers/run-pool"
import { placeOrder, adminHeaders } from "../helpers/seed"
import { seedStockedStore, setStocked, StockedStore } from "../helpers/stock"

jest.setTimeout(300_000)

// bol.com's Retailer API as the sandbox speaks it (token with expiry, v11 offers, order feed,
// per-endpoint limits); the storefront is a real Medusa app with stocked inventory.
const ERP_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const BOL_PORT = ERP_PORT + 1
const BOL_URL = `http://127.0.0.1:${BOL_PORT}`
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${ERP_PORT}`
process.env.SYNCGUARD_BOL_URL = BOL_URL
process.env.SYNCGUARD_BOL_TOKEN_URL = `${BOL_URL}/token`
process.env.SYNCGUARD_BOL_CLIENT_ID = "client"
process.env.SYNCGUARD_BOL_CLIENT_SECRET = "secret"
process.env.SYNCGUARD_BOL_STOCK_API = "v11"
// the buffer is exercised on its own below; the background jobs must not move amounts under the assertions
process.env.SYNCGUARD_BOL_BUFFER = "off"
process.env.SYNCGUARD_BOL_POLL_MS = "3600000"
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "500"

const SKUS = ["SG-TEE-S", "SG-TEE-M", "SG-TEE-L"]
const offer = (sku: string, i: number) => ({
  offerId: `00000000-0000-4000-8000-00000000000${i + 1}`,
  ean: `871000000000${i}`,
  reference: sku,
  stock: 0,
  managedByRetailer: true,
})

medusaIntegrationTestRunner({
  dbName: "syncguard_http_bol",
  testSuite: ({ getContainer, api }) => {
    let erp: Sandbox
    let bol: BolMarketplace
    let store: StockedStore
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const shown = (sku: string) => bol.offers().find((o) => o.reference === sku)!
    /**
     * waits until bol holds `amount` for the SKU (as sent; `field: "displayedStock"`, what its
     * buyers see after bol's open orders); on timeout, says what the outbox holds
     */
    const untilShown = (
      sku: string,
      amount: number,
      timeoutMs = 20_000,
      field: "amount" | "displayedStock" = "amount"
    ) =>
      waitFor(async () => shown(sku)[field] === amount, timeoutMs).catch(async (e) => {
        const messages = await syncguard().listOutboxMessages(
          { entity_type: "stock" },
          { relations: ["delivery_attempts"], order: { created_at: "ASC" } }
        )
        const outbox = messages.map((m: any) => ({
          variant: m.entity_id,
          status: m.status,
          created: m.created_at,
          next: m.next_attempt_at,
          error: m.last_error,
          attempts: m.delivery_attempts?.map((a: any) => `${a.outcome} ${a.error_message ?? ""}`),
        }))
        throw new Error(
          `${e.message}: bol shows ${shown(sku)[field]} (${field}) for ${sku}, not ${amount}; ${JSON.stringify({
            outbox,
            pubs: (await syncguard().stockPublications({ connector: "bol" })).rows,
            history: shown(sku).history.map((h) => `${h.amount}@${new Date(h.at).toISOString()}`),
            reservations: (
              await getContainer().resolve("inventory").listReservationItems({}, { withDeleted: true })
            ).map((r: any) => [r.inventory_item_id, r.quantity, r.created_at]),
            now: new Date(),
          })}`
        )
      })
    const stockWrites = () => bol.stats().byRoute["PATCH /retailer/offers/:id"] ?? 0

    beforeAll(async () => {
      erp = await createSandbox({ port: ERP_PORT, host: "127.0.0.1" })
      bol = await createBolMarketplace({ port: BOL_PORT, seed: 9, offers: SKUS.map(offer) })
    })
    afterAll(async () => {
      await bol?.close()
      await erp?.close()
    })
    beforeEach(async () => {
      bol.reset()
      bol.setFaults({ errorRate: 0, lostAckRate: 0, latencyMs: 0, storm: [] })
      erp.reset()
      forgetSalesChannels()
      syncguard().connectors.notices.forget()
      store = await seedStockedStore(
        getContainer(),
        SKUS.map((sku) => ({ sku, quantity: 10 }))
      )
      // the marketplace's channel sells from the same warehouse
      await ensureMarketplaceSalesChannel(getContainer(), "bol")
    })

    const settle = () => drainUntilSettled(getContainer(), { expected: 1, timeoutMs: 60_000 })

    it("should publish a storefront reservation to bol at once (stocked − reserved)", async () => {
      await setStocked(getContainer(), store, SKUS[0], 10)
      await settle()
      expect(shown(SKUS[0]).amount).toBe(10)
      await placeOrder(getContainer(), store, "buyer@syncguard.test", 3, undefined, store.variants[0].variantId)
      await untilShown(SKUS[0], 7, 20_000)
      expect(shown(SKUS[0]).history.at(-1)).toMatchObject({ amount: 7, via: "v11" })
      // the stock message carried no quantity: what it sent was computed at send time
      const [message] = await syncguard().listOutboxMessages(
        { entity_type: "stock", entity_id: store.variants[0].variantId, status: "delivered" },
        { order: { created_at: "DESC" }, take: 1 }
      )
      expect(message.operation).toBe("stock.set")
      // bol applied it; syncguard records the acknowledgement right after bol's answer arrives
      const publication = async () =>
        (await syncguard().stockPublications({ connector: "bol", variantIds: [store.variants[0].variantId] })).rows[0]
      await waitFor(async () => (await publication())?.published_amount === 7, 10_000)
      const rows = [await publication()]
      expect(rows[0]).toMatchObject({ available: 7, published_amount: 7, buffer: 0 })
    })

    it("should turn 500 rapid changes of one SKU into a handful of writes, ending on the right amount", async () => {
      await setStocked(getContainer(), store, SKUS[1], 1000)
      await settle()
      const before = stockWrites()
      await runPool(
        Array.from({ length: 500 }, (_, i) => i),
        25,
        async (i) => setStocked(getContainer(), store, SKUS[1], 1000 - i - 1)
      )
      await untilShown(SKUS[1], 500, 30_000)
      await settle()
      const writes = stockWrites() - before
      expect(writes).toBeGreaterThanOrEqual(1)
      expect(writes).toBeLessThanOrEqual(8)
      expect(shown(SKUS[1]).amount).toBe(500)
    })

    it("should never let an older amount land after a newer one, with slow answers and lost acknowledgements", async () => {
      await setStocked(getContainer(), store, SKUS[2], 100)
      await settle()
      bol.setFaults({ latencyMs: [20, 120], lostAckRate: 0.2 })
      for (let q = 99; q >= 60; q--) {
        await setStocked(getContainer(), store, SKUS[2], q)
        await new Promise((r) => setTimeout(r, 15))
      }
      await untilShown(SKUS[2], 60, 60_000)
      await settle()
      bol.setFaults({ latencyMs: 0, lostAckRate: 0 })
      const amounts = shown(SKUS[2])
        .history.filter((h) => h.via === "v11")
        .map((h) => h.amount)
      // only ever decreasing, as Medusa's stock did: no stale value written after a newer one
      for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeLessThanOrEqual(amounts[i - 1])
      expect(amounts.at(-1)).toBe(60)
    })

    it("should keep publishing through a token that expires mid-drain, with one token request per expiry", async () => {
      await setStocked(getContainer(), store, SKUS[0], 50)
      await settle()
      const tokens = bol.stats().tokensIssued
      bol.expireTokens()
      await setStocked(getContainer(), store, SKUS[0], 40)
      await setStocked(getContainer(), store, SKUS[1], 41)
      await setStocked(getContainer(), store, SKUS[2], 42)
      await waitFor(
        async () => shown(SKUS[0]).amount === 40 && shown(SKUS[1]).amount === 41 && shown(SKUS[2]).amount === 42,
        30_000
      )
      const counts = await settle()
      expect(counts.dead).toBe(0)
      // the 401 "Expired JWT" was answered with one fresh token, shared by the concurrent calls
      expect(bol.stats().tokensIssued - tokens).toBe(1)
      expect(bol.stats().unauthorized).toBeGreaterThanOrEqual(1)
    })

    it("should publish through a 429 storm and 5xx answers without losing the final amount", async () => {
      await settle()
      bol.setFaults({ storm: [{ fromMs: 0, toMs: 1500 }], errorRate: 0.2, retryAfter: false })
      bol.reset()
      for (const [i, sku] of SKUS.entries()) await setStocked(getContainer(), store, sku, 20 + i)
      await waitFor(async () => SKUS.every((sku, i) => shown(sku).amount === 20 + i), 60_000)
      const counts = await settle()
      expect(counts.dead).toBe(0)
      expect(bol.stats().rateLimited).toBeGreaterThan(0)
    })

    it("should bring a marketplace order in once though it is polled twice, pushed and polled, and by two pollers", async () => {
      await setStocked(getContainer(), store, SKUS[0], 10)
      await settle()
      const order = bol.placeOrder({ reference: SKUS[0], quantity: 2 })
      const marketplace = marketplacesOf(getContainer())[0]
      // two pollers side by side, then a third poll, then the push path for the same order
      const [a, b] = await Promise.all([
        importMarketplaceOrder(getContainer(), marketplace, order.orderId, "poller-a#1"),
        importMarketplaceOrder(getContainer(), marketplace, order.orderId, "poller-b#1"),
      ])
      const claim = await syncguard().findMarketplaceOrder("bol", order.orderId)
      expect({ outcomes: [a, b].sort(), error: claim?.last_error }).toEqual({
        outcomes: ["busy", "created"],
        error: null,
      })
      await pollMarketplaceOrders(getContainer(), { force: true })
      await pollMarketplaceOrders(getContainer(), { force: true })
      const pushed = Buffer.from(
        JSON.stringify({
          retailerId: 1234567,
          timestamp: new Date().toISOString(),
          event: { resource: "ORDER", type: "ORDER_CREATED", resourceId: order.orderId },
        })
      )
      const push = await api.post("/hooks/syncguard/bol", pushed.toString(), {
        headers: { "content-type": "application/json", signature: bol.signPayload(pushed.toString()) },
      })
      expect(push.status).toBe(200)
      await new Promise((r) => setTimeout(r, 500))
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({
        entity: "order",
        fields: ["id", "metadata", "sales_channel_id", "items.quantity"],
      })
      const imported = (orders as any[]).filter((o) => o.metadata?.[MARKETPLACE_ORDER_KEY] === order.orderId)
      expect(imported).toHaveLength(1)
      expect(imported[0].items[0].quantity).toBe(2)
      // reserved in Medusa at once: every channel sees 8 left. bol counts its own open order itself
      // (managedByRetailer false): the amount sent adds the 2 Medusa holds for it back, so bol's
      // buyers see 8, not 6
      await settle()
      await untilShown(SKUS[0], 8, 20_000, "displayedStock")
      expect(shown(SKUS[0])).toMatchObject({ amount: 10, managedByRetailer: false })
    })

    it("should not create a second order after a crash between creating it and recording it", async () => {
      await setStocked(getContainer(), store, SKUS[1], 10)
      await settle()
      const order = bol.placeOrder({ reference: SKUS[1], quantity: 1 })
      const container = getContainer()
      // what a worker that died right after creating leaves behind: its claim, expired, and the order
      const claim = await syncguard().claimMarketplaceOrder({
        connector: "bol",
        remoteOrderId: order.orderId,
        owner: "dead-worker#1",
        leaseMs: 1,
      })
      expect(claim.claimed).toBe(true)
      const salesChannelId = await ensureMarketplaceSalesChannel(container, "bol")
      await createOrderWorkflow(container).run({
        input: {
          region_id: store.regionId,
          sales_channel_id: salesChannelId,
          currency_code: "eur",
          email: "crash@verkopen.bol.com",
          items: [
            {
              variant_id: store.variants[1].variantId,
              quantity: 1,
              unit_price: 20,
              is_tax_inclusive: true,
              title: "tee",
            },
          ],
          metadata: { [MARKETPLACE_CONNECTOR_KEY]: "bol", [MARKETPLACE_ORDER_KEY]: order.orderId },
        },
      })
      await new Promise((r) => setTimeout(r, 20))
      const [summary] = await pollMarketplaceOrders(container, { force: true })
      expect(summary.recovered).toBe(1)
      const query = container.resolve(ContainerRegistrationKeys.QUERY)
      const { data: orders } = await query.graph({ entity: "order", fields: ["id", "metadata"] })
      expect((orders as any[]).filter((o) => o.metadata?.[MARKETPLACE_ORDER_KEY] === order.orderId)).toHaveLength(1)
      expect((await syncguard().findMarketplaceOrder("bol", order.orderId))?.status).toBe("created")
    })

    it("should cancel the Medusa order and confirm to bol when the buyer asks to cancel", async () => {
      await setStocked(getContainer(), store, SKUS[2], 10)
      await settle()
      const order = bol.placeOrder({ reference: SKUS[2], quantity: 3 })
      await pollMarketplaceOrders(getContainer(), { force: true })
      await settle()
      await untilShown(SKUS[2], 7, 20_000, "displayedStock")
      expect(shown(SKUS[2]).amount).toBe(10)
      bol.requestCancellation(order.orderId)
      const [summary] = await pollMarketplaceOrders(getContainer(), { force: true })
      expect(summary.canceled).toBe(1)
      const row = await syncguard().findMarketplaceOrder("bol", order.orderId)
      expect(row?.status).toBe("canceled")
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order",
        fields: ["status"],
        filters: { id: row!.medusa_order_id! },
      })
      expect((data[0] as any).status).toBe("canceled")
      const bolOrder = bol.orders().find((o) => o.orderId === order.orderId)!
      expect(bolOrder.orderItems[0].quantityCancelled).toBe(3)
      // the units are back for every channel
      await settle()
      await untilShown(SKUS[2], 10, 20_000, "displayedStock")
      expect(shown(SKUS[2]).amount).toBe(10)
    })

    it("should refuse a push with a bad signature (401) and a body that is not a notification (400)", async () => {
      const body = JSON.stringify({
        retailerId: 1,
        timestamp: "2026-12-01T00:00:00Z",
        event: { resource: "ORDER", type: "ORDER_CREATED", resourceId: "X" },
      })
      const forged = await api
        .post("/hooks/syncguard/bol", body, {
          headers: { "content-type": "application/json", signature: bol.signPayload(body + " ") },
        })
        .catch((e: any) => e.response)
      expect(forged.status).toBe(401)
      expect(forged.data.message).toMatch(/signature/i)
      const unsigned = await api
        .post("/hooks/syncguard/bol", body, { headers: { "content-type": "application/json" } })
        .catch((e: any) => e.response)
      expect(unsigned.status).toBe(401)
      const junk = JSON.stringify({ hello: "world" })
      const bad = await api
        .post("/hooks/syncguard/bol", junk, {
          headers: { "content-type": "application/json", signature: bol.signPayload(junk) },
        })
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      const unknown = await api
        .post("/hooks/syncguard/nope", body, { headers: { "content-type": "application/json" } })
        .catch((e: any) => e.response)
      expect(unknown.status).toBe(404)
    })

    it("should show per-SKU stock with an override, and answer bad input with a 400 naming it", async () => {
      const admin = await adminHeaders(getContainer())
      await setStocked(getContainer(), store, SKUS[0], 10)
      await settle()
      const set = await api.post(
        `/admin/syncguard/stock/bol/${store.variants[0].variantId}/buffer`,
        { buffer: 4 },
        admin
      )
      expect(set.data.stock).toMatchObject({ buffer_override: 4 })
      await untilShown(SKUS[0], 6, 20_000)
      const acknowledged = async () =>
        (await api.get("/admin/syncguard/stock?connector=bol", admin)).data.stock.find((x: any) => x.sku === SKUS[0])
      await waitFor(async () => (await acknowledged())?.published_amount === 6, 10_000)
      const list = (await api.get("/admin/syncguard/stock?connector=bol", admin)).data
      expect(list.stock.find((s: any) => s.sku === SKUS[0])).toMatchObject({
        available: 10,
        buffer: 4,
        buffer_source: "override",
        published_amount: 6,
      })
      const low = (await api.get("/admin/syncguard/stock?low_stock=true", admin)).data
      expect(low.stock.map((s: any) => s.sku)).not.toContain(SKUS[0])
      const bad = await api
        .post(`/admin/syncguard/stock/bol/${store.variants[0].variantId}/buffer`, { buffer: -1 }, admin)
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/buffer/)
      const cleared = await api.post(
        `/admin/syncguard/stock/bol/${store.variants[0].variantId}/buffer`,
        { buffer: null },
        admin
      )
      expect(cleared.data.stock.buffer_override).toBeNull()
      await untilShown(SKUS[0], 10, 20_000)
      const health = (await api.get("/admin/syncguard/health", admin)).data
      const connector = health.connectors.find((c: any) => c.name === "bol")
      expect(Object.keys(connector.rate_by_endpoint)).toEqual(expect.arrayContaining(["offers-write"]))
    })
  },
})
