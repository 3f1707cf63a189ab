import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createBolMarketplace, BolMarketplace, createSandbox, Sandbox } from "../../sandbox"
import { pollMarketplaceOrders } from "../../src/marketplace/poll-orders"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { computeStockBuffers } from "../../src/stock/compute-buffers"
import { ensureMarketplaceSalesChannel, forgetSalesChannels } from "../../src/stock/sales-channel"
import { MARKETPLACE_RESERVATION_KEY } from "../../src/marketplace/marketplace-reservations"
import { drainOutboxWorkflow } from "../../src/workflows/drain-outbox"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder } from "../helpers/seed"
import { seedStockedStore, setStocked, StockedStore } from "../helpers/stock"

jest.setTimeout(300_000)

// One sale on two channels over the same units: the storefront (real checkouts reserving stock)
// and bol.com buyers on the sandbox, which keeps `amount` as sent and subtracts open orders as bol
// documents (managedByRetailer false: every open order; true: only those placed after the write).
const ERP_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const BOL_PORT = ERP_PORT + 1
const BOL_URL = `http://127.0.0.1:${BOL_PORT}`
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${ERP_PORT}`
process.env.SYNCGUARD_CRM_URL = "off"
process.env.SYNCGUARD_INVOICES_CONNECTOR = "erp"
process.env.SYNCGUARD_BOL_URL = BOL_URL
process.env.SYNCGUARD_BOL_TOKEN_URL = `${BOL_URL}/token`
process.env.SYNCGUARD_BOL_CLIENT_ID = "client"
process.env.SYNCGUARD_BOL_CLIENT_SECRET = "secret"
process.env.SYNCGUARD_BOL_STOCK_API = "v11"
process.env.SYNCGUARD_BOL_BUFFER = "on"
process.env.SYNCGUARD_BOL_BUFFER_FLOOR = "0"
// the buffer job and the order poll run by hand below
process.env.SYNCGUARD_STOCK_BUFFER_INTERVAL_MS = "3600000"
// (once at boot, then not within the suite: a scheduled poll must not take the orders placed below)
process.env.SYNCGUARD_BOL_POLL_MS = "3600000"
process.env.SYNCGUARD_BOL_SHORT_VELOCITY_WINDOW_MS = "60000"
process.env.SYNCGUARD_BOL_TIMEOUT_MS = "2000"
// a landed write must not wait out this window (point 4 of the issue)
process.env.SYNCGUARD_BOL_SETTLE_MS = "15000"
process.env.SYNCGUARD_BOL_PROCESS_POLL_MS = "100"
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "400"
process.env.SYNCGUARD_MAX_ATTEMPTS = "40"

const SKUS = ["SG-2CH-A", "SG-2CH-B", "SG-2CH-C", "SG-2CH-D"]
const offer = (sku: string, i: number) => ({
  offerId: `00000000-0000-4000-8000-0000000002c${i}`,
  ean: `87100000002${i}0`,
  reference: sku,
  stock: 0,
  managedByRetailer: true,
})

medusaIntegrationTestRunner({
  dbName: "syncguard_http_bol_two_channel",
  testSuite: ({ getContainer, api }) => {
    let erp: Sandbox
    let bol: BolMarketplace
    let store: StockedStore
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const shown = (sku: string) => bol.offers().find((o) => o.reference === sku)!
    const variantOf = (sku: string) => store.variants.find((v) => v.sku === sku)!
    const settle = () => drainUntilSettled(getContainer(), { expected: 1, timeoutMs: 60_000 })
    const poll = () => pollMarketplaceOrders(getContainer(), { connector: "bol", force: true })
    const storefront = (sku: string, quantity: number) =>
      placeOrder(getContainer(), store, "shopper@syncguard.test", quantity, undefined, variantOf(sku).variantId)

    beforeAll(async () => {
      erp = await createSandbox({ port: ERP_PORT, host: "127.0.0.1" })
      bol = await createBolMarketplace({
        port: BOL_PORT,
        seed: 21,
        offers: SKUS.map(offer),
        processStatus: { pendingMs: 50 },
      })
    })
    afterAll(async () => {
      await bol?.close()
      await erp?.close()
    })
    beforeEach(async () => {
      bol.reset()
      bol.setFaults({ errorRate: 0, lostAckRate: 0, latencyMs: 0, storm: [] })
      bol.setProcessStatus({ pendingMs: 50, failureRate: 0, timeoutRate: 0, neverFinishRate: 0, stuckRate: 0 })
      erp.reset()
      forgetSalesChannels()
      store = await seedStockedStore(
        getContainer(),
        SKUS.map((sku) => ({ sku, quantity: 0 }))
      )
      await ensureMarketplaceSalesChannel(getContainer(), "bol")
    })

    it("should never offer again what bol sold and Medusa has not imported yet, nor count an imported order twice", async () => {
      const sku = SKUS[0]
      await setStocked(getContainer(), store, sku, 8)
      await waitFor(async () => shown(sku).displayedStock === 8, 20_000)
      // a bol buyer takes 2; the poll has not brought the order in
      bol.placeOrder({ reference: sku, quantity: 2 })
      expect(shown(sku).displayedStock).toBe(6)
      // the storefront sells 1 before the import: the write that follows knows nothing of bol's 2
      const writes = shown(sku).history.length
      await storefront(sku, 1)
      await waitFor(async () => shown(sku).history.length > writes, 20_000)
      await settle()
      // 8 − 2 (bol) − 1 (storefront) = 5 remain; today's rule ("since-update") made bol show 7 here
      expect(shown(sku)).toMatchObject({ amount: 7, managedByRetailer: false, displayedStock: 5 })

      // imported: Medusa now holds the 2 for bol, tagged as bol's; the amount counts them once
      const [summary] = await poll()
      expect(summary.created).toBe(1)
      const reservations = await getContainer()
        .resolve(Modules.INVENTORY)
        .listReservationItems({ inventory_item_id: variantOf(sku).inventoryItemId })
      const tagged = reservations.filter((r: any) => r.metadata?.[MARKETPLACE_RESERVATION_KEY] === "bol")
      expect(tagged.map((r: any) => Number(r.quantity))).toEqual([2])
      // reserved before the order existed, then handed to its line item (fulfilling it consumes it)
      expect(tagged[0].line_item_id).toMatch(/^ordli_/)
      await settle()
      expect(shown(sku)).toMatchObject({ amount: 7, displayedStock: 5 })
      const [row] = (await syncguard().stockPublications({ connector: "bol", variantIds: [variantOf(sku).variantId] }))
        .rows
      expect(row).toMatchObject({ available: 5, published_amount: 7 })

      // the storefront sells the rest: bol shows 0, still holding its 2 itself
      await storefront(sku, 5)
      await waitFor(async () => shown(sku).displayedStock === 0, 20_000)
      await settle()
      expect(shown(sku).amount).toBe(2)
    })

    it("should create a bol order that takes the last units: its reservation is not counted against it", async () => {
      const sku = SKUS[3]
      await setStocked(getContainer(), store, sku, 2)
      await waitFor(async () => shown(sku).displayedStock === 2, 20_000)
      const order = bol.placeOrder({ reference: sku, quantity: 2 })
      const [summary] = await poll()
      expect(summary).toMatchObject({ created: 1 })
      const row = await syncguard().findMarketplaceOrder("bol", order.orderId)
      expect(row).toMatchObject({ status: "created" })
      const [level] = await getContainer()
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({ inventory_item_id: variantOf(sku).inventoryItemId })
      // reserved once, by the order's line item: not twice, not beyond the stock
      expect(Number(level.reserved_quantity)).toBe(2)
      const reservations = await getContainer()
        .resolve(Modules.INVENTORY)
        .listReservationItems({ inventory_item_id: variantOf(sku).inventoryItemId })
      expect(reservations).toHaveLength(1)
      expect(reservations[0].line_item_id).toMatch(/^ordli_/)
      await settle()
      expect(shown(sku)).toMatchObject({ amount: 2, displayedStock: 0 })
    })

    it("should send the newest amount at once after a lost acknowledgement mid-sale, not after the settle window", async () => {
      const sku = SKUS[1]
      await setStocked(getContainer(), store, sku, 10)
      await waitFor(async () => shown(sku).amount === 10, 20_000)
      await settle()
      // the write of 9 lands, its answer is lost
      bol.setFaults({ lostAckRate: 1 })
      await setStocked(getContainer(), store, sku, 9)
      await waitFor(async () => shown(sku).amount === 9, 20_000)
      // the sale goes on before the retry
      bol.setFaults({ lostAckRate: 0 })
      const started = Date.now()
      await setStocked(getContainer(), store, sku, 8)
      await waitFor(async () => shown(sku).amount === 8, 30_000)
      const elapsed = Date.now() - started
      // the lookup saw 9, what that attempt carried: proven, and the newest followed; before, the
      // lookup compared 9 with 8, found "not there" and parked the SKU's writes for the 15 s window
      expect(elapsed).toBeLessThan(6_000)
      const counts = await settle()
      expect(counts.dead).toBe(0)
      const amounts = shown(sku)
        .history.filter((h) => h.via === "v11")
        .map((h) => h.amount)
      const changes = amounts.filter((a, i) => i === 0 || a !== amounts[i - 1])
      expect(changes.slice(-2)).toEqual([9, 8])
    })

    it("should end on the right amount with two workers writing the same SKU through slow answers and lost acknowledgements", async () => {
      const sku = SKUS[2]
      await setStocked(getContainer(), store, sku, 60)
      await waitFor(async () => shown(sku).amount === 60, 20_000)
      await settle()
      bol.setFaults({ latencyMs: [20, 150], lostAckRate: 0.25 })
      let selling = true
      const worker = async (owner: string) => {
        while (selling) {
          await drainOutboxWorkflow(getContainer()).run({ input: { limit: 10, owner } })
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      const workers = [worker("worker-a#1"), worker("worker-b#1")]
      for (let q = 59; q >= 40; q--) {
        await setStocked(getContainer(), store, sku, q)
        await new Promise((r) => setTimeout(r, 25))
      }
      await waitFor(async () => shown(sku).amount === 40, 60_000)
      selling = false
      await Promise.all(workers)
      bol.setFaults({ latencyMs: 0, lostAckRate: 0 })
      const counts = await settle()
      expect(counts.dead).toBe(0)
      const amounts = shown(sku)
        .history.filter((h) => h.via === "v11")
        .map((h) => h.amount)
      // no write of an older amount after a newer one, whichever worker sent it
      for (let i = 1; i < amounts.length; i++) expect(amounts[i]).toBeLessThanOrEqual(amounts[i - 1])
      expect(shown(sku).amount).toBe(40)
      const [row] = (await syncguard().stockPublications({ connector: "bol", variantIds: [variantOf(sku).variantId] }))
        .rows
      expect(row.published_amount).toBe(40)
    })

    it("should size the buffer from the whole loop (ack lag + import lag) and the short window's velocity elsewhere", async () => {
      const sku = SKUS[3]
      await setStocked(getContainer(), store, sku, 40)
      await waitFor(async () => shown(sku).amount === 40, 20_000)
      await settle()
      // a bol sale that waits ~6 s for its import: the poll interval's part of the loop
      bol.placeOrder({ reference: sku, quantity: 1 })
      await new Promise((r) => setTimeout(r, 6000))
      const [summary] = await poll()
      expect(summary.created).toBe(1)
      // a sale starts on the storefront: 12 units in the last minute
      for (let i = 0; i < 4; i++) await storefront(sku, 3)
      await settle()
      const [run] = await computeStockBuffers(getContainer())
      expect(run.import_lag_p95_ms).toBeGreaterThanOrEqual(5000)
      const [row] = (await syncguard().stockPublications({ connector: "bol", variantIds: [variantOf(sku).variantId] }))
        .rows
      // bol's own sale is not the storefront's exposure: 12 units, not 13
      expect(row.velocity_short_per_hour).toBeCloseTo((12 / 60) * 3600, 0)
      expect(row.velocity_per_hour).toBeCloseTo((12 / 3600) * 3600, 0)
      expect(row.import_lag_p95_ms).toBe(run.import_lag_p95_ms)
      const perSecond = Math.max(row.velocity_per_hour, row.velocity_short_per_hour) / 3600
      const expected = Math.ceil((perSecond * ((row.lag_p95_ms ?? 0) + (row.import_lag_p95_ms ?? 0))) / 1000)
      expect(row.buffer_computed).toBe(expected)
      // 0.2 units/s × (ack + ≥ 5 s): at least 1 unit more than the hour's velocity × ack lag gave (1)
      expect(row.buffer_computed).toBeGreaterThanOrEqual(2)
      // the stock page's API shows both inputs
      const admin = await adminHeaders(getContainer())
      const { stock } = (
        await api.get(`/admin/syncguard/stock?connector=bol&variant_id=${variantOf(sku).variantId}`, admin)
      ).data
      expect(stock[0]).toMatchObject({
        velocity_per_hour: row.velocity_per_hour,
        velocity_short_per_hour: row.velocity_short_per_hour,
        lag_p95_ms: row.lag_p95_ms,
        import_lag_p95_ms: row.import_lag_p95_ms,
      })
      await settle()
      // 40 − 1 (bol) − 12 = 27 for sale; bol holds its 1 itself: it is shown 27 − buffer
      await waitFor(async () => shown(sku).displayedStock === 27 - row.buffer_computed, 20_000)
    })

    it("should import the feed side by side and not hold imports behind an out-of-stock cancellation", async () => {
      const [short, plenty] = [SKUS[0], SKUS[1]]
      await setStocked(getContainer(), store, short, 1)
      await setStocked(getContainer(), store, plenty, 20)
      await waitFor(async () => shown(short).amount === 1 && shown(plenty).amount === 20, 20_000)
      await settle()
      // the second buyer's order cannot be covered (the storefront took the unit): its
      // out-of-stock cancellation takes bol 6 s to confirm; one order before it, three after
      const earliest = bol.placeOrder({ reference: plenty, quantity: 1 })
      const oversold = bol.placeOrder({ reference: short, quantity: 1 })
      await storefront(short, 1)
      const later = [1, 2, 3].map(() => bol.placeOrder({ reference: plenty, quantity: 1 }))
      bol.setProcessStatus({ pendingMs: 6000 })
      const [summary] = await poll()
      expect(summary).toMatchObject({ seen: 5, oversold: 1, created: 4 })
      const row = (o: { orderId: string }) => syncguard().findMarketplaceOrder("bol", o.orderId) as Promise<any>
      const covered = await Promise.all([earliest, ...later].map(row))
      const cancelled = await row(oversold)
      expect(cancelled).toMatchObject({ status: "rejected", oversold_units: 1 })
      // every covered order was reserved before bol confirmed the cancellation: none waited for it
      // (followed inline, one at a time, newest first, the earliest buyer waited 6 s behind it)
      const confirmedAt = new Date(cancelled.cancellation_confirmed_at).getTime()
      for (const r of covered) expect(new Date(r.settled_at).getTime()).toBeLessThan(confirmedAt)
      expect(bol.orders().find((o) => o.orderId === oversold.orderId)!.orderItems[0].quantityCancelled).toBe(1)
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({
        entity: "order",
        fields: ["id"],
        filters: { id: covered.map((r) => r.medusa_order_id) },
      })
      expect(data).toHaveLength(4)
    })
  },
})
