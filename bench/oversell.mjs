// npm run bench:oversell
// Issue 21's scenario: a flash sale on two channels over shared stock, run with the bol connector's
// stock write rule of today ("before") and the new one ("after"), on the v11 and on the v10 stock
// API: four fresh apps, one after the other (BENCH_RUNS picks some of
// "v11-before,v11-after,v10-before,v10-after"), printed side by side.
//   before  SYNCGUARD_BOL_STOCK_RULE=since-update: managedByRetailer true, amount = Medusa
//           available − buffer (bol subtracts only orders placed after the update)
//   after   SYNCGUARD_BOL_STOCK_RULE=open-orders: managedByRetailer false, amount = Medusa available
//           + units Medusa holds reserved for this connector's still-open bol orders − buffer (bol
//           subtracts every open order, imported or not)
// The rule a run actually used is read off bol (the managedByRetailer of its stock writes) and
// printed: an app that ignores the variable shows "since-update" in both.
//
// The store: BENCH_SKUS (8) SKUs × BENCH_UNITS (8) managed units in one warehouse that ships
// (shipping profile, manual fulfillment, a flat-rate option), an EUR region for imported bol
// orders. bol offers matched by reference = SKU, starting at amount 0 (managedByRetailer true).
// The sale starts once every offer shows the stock and the app has served 3 warm-up checkouts.
// Demand, both above supply:
//   storefront  BENCH_STORE_CONCURRENCY (3) shoppers, each checking out 1 unit of a random SKU it
//               believes in stock: cart with line and shipping address → shipping method → payment
//               collection → session → complete (Medusa reserves the stock at completion); a
//               stock refusal takes the SKU off that shopper's list
//   bol         BENCH_BOL_BUYERS (4) buyers (the sandbox's `buyers.shoppers`), each looking at the
//               offers every BENCH_BOL_LOOK_MS (200-500, uniform, per look) and buying 1 unit of a
//               random offer whose correctedStock is > 0
// The connector: order poll every BENCH_POLL_MS (3000) and no push notifications (BENCH_PUSH=1
// turns bol's ORDER pushes on), buffer job every BENCH_BUFFER_MS (5000), buffer on; its velocity
// and lag windows divided by BENCH_TIME_SCALE (10): 1 h → 6 min, 5 min → 30 s, 15 min → 90 s.
// The marketplace (sandbox/bol) behaves as bol documents it: amount kept as sent, correctedStock
// going down as orders arrive, managedByRetailer true counting only orders placed after the last
// update, false every open order. Its faults, the same in all four runs:
//   tokens live BENCH_TOKEN_TTL_SEC (20) s;
//   during the sale BENCH_LOST_ACK_RATE (0.03) of successful writes (stock PATCH/PUT,
//   cancellations) are applied but never answered;
//   v10 process statuses (v10 stock PUTs; order cancellations, v10 in every run) stay PENDING
//   BENCH_PENDING_MS (500-3000) before they end, and from the sale's start BENCH_STUCK_RATE (0.05)
//   of them stay PENDING BENCH_STUCK_MS (25000-40000), past the connector's 20 s wait, then end
//   SUCCESS and take effect late. That is this bench's reading of bol ("a request stays PENDING while a downstream service
//   is unavailable", "up to 3 hours" to an end state): applied later, not never; a stuck stock
//   update does not overwrite a newer one that took effect meanwhile (an assumption, bol documents
//   no order). BENCH_NEVER_FINISH_RATE (0) adds statuses that stay PENDING for good, never applied.
//   429 storms: none by default (BENCH_STORMS="6000-9000,15000-17000:noretry", ms after the sale
//   starts, as the earlier bench had); the latency target is judged on changes no 429 held up.
// The sale ends when the storefront has nothing left and every offer shows 0, or after
// BENCH_SALE_CAP_MS (60 s); demand stops, lost acks stop, and the run settles: every bol order
// brought into Medusa or cancelled on bol, the final state consistent (below), no stock write for
// 2 s, at most BENCH_SETTLE_MAX_MS (45 s).
//
// Measured from outside (the sandbox's sales, orders, offer history and request log; Medusa's
// orders and reservations through its admin API; syncguard's own stock rows only for the buffer and
// the amount it believes acknowledged). Times are one machine's clock; a reservation's created_at
// is its transaction's start, a little before its commit.
//   true remaining (per SKU, at t)  stock − storefront sales before t (their reservations'
//                        created_at) − bol sales before t (every one, those cancelled later too)
//   uncaught oversell    units in live (not cancelled) Medusa orders beyond the stock, per SKU
//   caught               bol order items syncguard asked bol to cancel OUT_OF_STOCK (units; how many
//                        of those bol had applied by the end in brackets)
//   phantom bol buys     bol sales of units the true remaining did not have (≤ 0 just before it):
//                        "bol buys made when nothing remained anywhere", "units bol sells that do
//                        not exist"
//   over-offering writes stock writes that took effect during the sale whose correctedStock right
//                        after exceeded the true remaining then, of all that took effect
//   bol order → Medusa   placement on bol → its reservation in Medusa (the earliest of its lines'
//                        created_at), or → syncguard's OUT_OF_STOCK cancellation request reaching
//                        bol; one still neither at the end counts until then
//   change → bol ack     every reservation during the sale whose change the rule in effect has to
//                        publish (storefront sales always; imported bol orders only under
//                        since-update: under open-orders they leave the amount unchanged) → the
//                        first stock write on that SKU's offer bol received at or after it, taking
//                        effect (a v11 PATCH at once, a v10 PUT on SUCCESS). A change no write
//                        followed counts until the end, unless bol showed 0 before it and at the
//                        end (nothing to send). "storm-free": no stock write answered 429 between
//                        the change and its ack
//   imported once        every bol order is in exactly one Medusa order or cancelled on bol in
//                        full, never both, and no Medusa order names an unknown bol order
//   unsold by buffer     per SKU at the end, min(Medusa available, buffer)
//   lost updates         SKUs whose final correctedStock ≠ max(0, Medusa available − buffer), or
//                        whose amount syncguard reports acknowledged ≠ bol's amount, or (since-update)
//                        whose amount ≠ max(0, available − buffer)
// Targets, per run: phantom bol units ≤ 2 % of stock, caught ≤ 2 % of the units sold on bol,
// unsold by buffer ≤ 5 % of stock, 0 uncaught oversell, 0 lost updates, change → ack p95 (storm-
// free) ≤ 2 s on v11 and ≤ 30 s on v10, bol order → Medusa p95 ≤ poll interval + 2 s, and every
// bol order imported once. PASS/FAIL per target for every run ("after" is what the targets are
// for; "before" for contrast). Exits 1 only on a crash. Results go to .demo/bench/oversell.json;
// BENCH_DUMP=1 also writes each run's sales, orders, offer histories and request log
// (oversell-<run>-trace.json); BENCH_TRACE=0 silences the 5 s progress lines.
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { qs } from "../scripts/demo/http.mjs"
import { bootApp, percentile, ROOT, say } from "./lib/app.mjs"
import {
  bolOffers,
  catalogue,
  medusaAvailability,
  seedFlashCatalogue,
  storefrontShoppers,
  warmUp,
} from "./lib/flash-store.mjs"

const require = createRequire(import.meta.url)
const { createBolMarketplace } = require("../sandbox/index.js")

const env = process.env
const num = (name, fallback) => (env[name] === undefined || env[name] === "" ? fallback : Number(env[name]))
/** "a-b" or "a" → [a, b] or a */
const range = (name, fallback) => {
  const raw = env[name]
  if (raw === undefined || raw === "") return fallback
  const m = /^(\d+)(?:-(\d+))?$/.exec(raw.trim())
  if (!m) throw new Error(`${name}: "min-max" or "ms", got "${raw}"`)
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])]
}
const SKUS = num("BENCH_SKUS", 8)
const UNITS = num("BENCH_UNITS", 8)
const STOCK = SKUS * UNITS
const STORE_CONCURRENCY = num("BENCH_STORE_CONCURRENCY", 3)
const BOL_BUYERS = num("BENCH_BOL_BUYERS", 4)
const LOOK_MS = range("BENCH_BOL_LOOK_MS", [200, 500])
const POLL_MS = num("BENCH_POLL_MS", 3000)
const BUFFER_MS = num("BENCH_BUFFER_MS", 5000)
const SCALE = num("BENCH_TIME_SCALE", 10)
const SALE_CAP_MS = num("BENCH_SALE_CAP_MS", 60_000)
const SETTLE_MAX_MS = num("BENCH_SETTLE_MAX_MS", 45_000)
const TOKEN_TTL_SEC = num("BENCH_TOKEN_TTL_SEC", 20)
const LOST_ACK_RATE = num("BENCH_LOST_ACK_RATE", 0.03)
const PENDING_MS = range("BENCH_PENDING_MS", [500, 3000])
const STUCK_RATE = num("BENCH_STUCK_RATE", 0.05)
const STUCK_MS = range("BENCH_STUCK_MS", [25_000, 40_000])
const NEVER_FINISH_RATE = num("BENCH_NEVER_FINISH_RATE", 0)
const PUSH = env.BENCH_PUSH === "1"
const SEED = num("BENCH_SEED", 2026)
const PORT = num("BENCH_PORT", 9480)
const TRACE = env.BENCH_TRACE !== "0"
const STORMS = (env.BENCH_STORMS ?? "")
  .split(",")
  .filter(Boolean)
  .map((w) => {
    const m = /^(\d+)-(\d+)(:noretry)?$/.exec(w.trim())
    if (!m) throw new Error(`BENCH_STORMS: "from-to[:noretry],…" in ms after the sale starts, got "${w}"`)
    return { fromMs: Number(m[1]), toMs: Number(m[2]), retryAfter: !m[3] }
  })
const RULES = { before: "since-update", after: "open-orders" }
const RUNS = (env.BENCH_RUNS || "v11-before,v11-after,v10-before,v10-after").split(",").map((r) => {
  const m = /^(v11|v10)-(before|after)$/.exec(r.trim())
  if (!m) throw new Error(`BENCH_RUNS: a list of v11-before, v11-after, v10-before, v10-after; got "${r}"`)
  return { key: m[0], api: m[1], phase: m[2], rule: RULES[m[2]] }
})
const ACK_TARGET_MS = { v11: 2000, v10: 30_000 }
const IMPORT_TARGET_MS = POLL_MS + 2000
const CLIENT = { id: "client", secret: "secret" }
/** where syncguard tags an imported marketplace order (src/marketplace/map-order.ts) */
const BOL_ORDER_KEY = "syncguard_marketplace_order_id"
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const t = (ms) => new Date(ms).getTime()

function appEnv(run, bol) {
  const scaled = (ms) => String(Math.round(ms / SCALE))
  return {
    // customers are not what this is about (guest checkouts would each be sent to the CRM)
    SYNCGUARD_CRM_URL: "off",
    SYNCGUARD_INVOICES_CONNECTOR: "erp",
    SYNCGUARD_BOL_URL: bol.url,
    SYNCGUARD_BOL_TOKEN_URL: `${bol.url}/token`,
    SYNCGUARD_BOL_CLIENT_ID: CLIENT.id,
    SYNCGUARD_BOL_CLIENT_SECRET: CLIENT.secret,
    SYNCGUARD_BOL_OFFER_MATCH: "reference",
    SYNCGUARD_BOL_STOCK_API: run.api,
    SYNCGUARD_BOL_STOCK_RULE: run.rule,
    SYNCGUARD_BOL_BUFFER: "on",
    SYNCGUARD_BOL_POLL_MS: String(POLL_MS),
    SYNCGUARD_STOCK_BUFFER_INTERVAL_MS: String(BUFFER_MS),
    SYNCGUARD_BOL_VELOCITY_WINDOW_MS: scaled(3_600_000),
    SYNCGUARD_BOL_SHORT_VELOCITY_WINDOW_MS: scaled(300_000),
    SYNCGUARD_BOL_LAG_WINDOW_MS: scaled(900_000),
  }
}

async function waitUntil(what, timeoutMs, check, everyMs = 250) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) {
      say(`${what}: not reached after ${timeoutMs / 1000} s`)
      return false
    }
    await sleep(everyMs)
  }
}

async function paged(admin, route, key, fields) {
  const out = []
  for (let offset = 0; ; offset += 200) {
    const page = await admin.get(`${route}${qs({ limit: 200, offset, fields })}`)
    out.push(...page[key])
    if (offset + 200 >= page.count) return out
  }
}

const medusaOrders = (admin) =>
  paged(admin, "/admin/orders", "orders", "id,created_at,status,metadata,items.id,items.variant_id,items.quantity")
const reservations = (admin) =>
  paged(admin, "/admin/reservations", "reservations", "id,created_at,inventory_item_id,line_item_id,quantity")

/** syncguard's view per SKU: the buffer in effect and the amount it believes bol acknowledged. */
async function stockRows(admin) {
  const { stock } = await admin.get(`/admin/syncguard/stock${qs({ connector: "bol", limit: 500 })}`)
  return new Map(stock.map((r) => [r.sku, r]))
}

const openUnits = (i) => Number(i.quantity) - Number(i.quantityShipped ?? 0) - Number(i.quantityCancelled ?? 0)
/** an item the retailer asked bol to cancel, which bol has not applied yet (its process status PENDING) */
const cancelPending = (i) => i.retailerCancellations.length > 0 && openUnits(i) > 0
/** cancelled on bol in full, or asked to be (bol applies a v10 cancellation later) */
const cancelledInFull = (o) => o.orderItems.every((i) => openUnits(i) <= 0 || cancelPending(i))

/** bol orders neither created in Medusa nor cancelled on bol (yet). */
function unhandledBolOrders(bol, orders) {
  const imported = new Set(orders.map((o) => o.metadata?.[BOL_ORDER_KEY]).filter(Boolean))
  return bol.orders().filter((o) => !imported.has(o.orderId) && !cancelledInFull(o)).length
}

/** The rule the app's stock writes followed, as bol saw them. */
function ruleSeen(offers) {
  const writes = offers.flatMap((o) => o.history.filter((h) => h.via === "v11" || h.via === "v10"))
  if (!writes.length) return "none"
  const off = writes.filter((h) => !h.managedByRetailer).length
  if (off === writes.length) return "open-orders"
  if (off === 0) return "since-update"
  return `mixed (${off}/${writes.length} managedByRetailer false)`
}

/**
 * The final state: what bol shows against Medusa. correctedStock must be what Medusa can still sell
 * less the buffer (less the units of cancellations syncguard asked for that bol has not applied yet,
 * where bol's rule counts them), and syncguard's acknowledged amount bol's amount; under
 * since-update the amount itself is that too (bol adds no open orders back).
 */
async function consistency(app, bol, seeded) {
  const [available, rows, orders] = await Promise.all([
    medusaAvailability(app.admin, seeded.items, seeded.locationId),
    stockRows(app.admin),
    medusaOrders(app.admin),
  ])
  const offers = bol.offers()
  const rule = ruleSeen(offers)
  const byRef = new Map(offers.map((o) => [o.reference, o]))
  // units of imported bol orders still open on bol, per SKU (what open-orders adds back)
  const bolItems = new Map(bol.orders().map((o) => [o.orderId, o.orderItems]))
  const skuOfVariant = new Map(seeded.items.map((i) => [i.variantId, i.sku]))
  const heldForBol = new Map()
  for (const o of orders) {
    const items = bolItems.get(o.metadata?.[BOL_ORDER_KEY])
    if (!items || o.status === "canceled") continue
    for (const line of o.items ?? []) {
      const sku = skuOfVariant.get(line.variant_id)
      const open = items.filter((i) => i.offer.reference === sku).reduce((n, i) => n + openUnits(i), 0)
      if (sku) heldForBol.set(sku, (heldForBol.get(sku) ?? 0) + Math.min(open, Number(line.quantity)))
    }
  }
  const pendingItems = bol.orders().flatMap((o) => o.orderItems.filter(cancelPending).map((i) => ({ ...i, o })))
  const perSku = seeded.items.map(({ sku }) => {
    const avail = Math.max(0, available.get(sku)?.available ?? 0)
    const row = rows.get(sku)
    const buffer = Number(row?.buffer ?? 0)
    const sellable = Math.max(0, avail - buffer)
    const offer = byRef.get(sku)
    const lastUpdate = offer.history.at(-1).at
    // units bol still subtracts for cancellations it has not applied yet
    const pendingCancel = pendingItems
      .filter((i) => i.offer.reference === sku && (!offer.managedByRetailer || i.o.placedAt > lastUpdate))
      .reduce((n, i) => n + openUnits(i), 0)
    const acked = row?.published_amount ?? null
    const ok =
      offer.displayedStock === Math.max(0, sellable - pendingCancel) &&
      acked === offer.amount &&
      (rule !== "since-update" || offer.amount === sellable)
    return {
      sku,
      available: avail,
      buffer,
      heldForBol: heldForBol.get(sku) ?? 0,
      pendingCancel,
      shown: offer.displayedStock,
      amount: offer.amount,
      acked,
      ok,
    }
  })
  return { perSku, rows, orders, rule }
}

async function runOne(run, index) {
  const label = run.key
  const skus = catalogue(SKUS)
  const bol = await createBolMarketplace({
    seed: SEED,
    offers: bolOffers(skus),
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    tokenTtlSec: TOKEN_TTL_SEC,
    // stuck and never-ending statuses from the sale's start (the initial publication is not timed)
    processStatus: { pendingMs: PENDING_MS, stuckMs: STUCK_MS },
  })
  let app
  const started = Date.now()
  try {
    say(`${label}: booting (rule ${run.rule}, stock API ${run.api})`)
    app = await bootApp({
      name: `oversell_${run.key.replace("-", "_")}`,
      port: PORT + 2 * index,
      template: true,
      env: appEnv(run, bol),
    })
    const seeded = await seedFlashCatalogue(app.admin, app.store, skus, UNITS, { shipping: true })
    if (PUSH) bol.setPushUrl(`${app.baseUrl}/hooks/syncguard/bol`)
    const published = await waitUntil(`${label}: initial stock on bol`, 60_000, () =>
      bol.offers().every((o) => o.displayedStock === UNITS)
    )
    if (!published) throw new Error("the initial stock never reached bol")
    say(`${label}: every offer shows ${UNITS} after ${((Date.now() - started) / 1000).toFixed(0)} s`)
    await warmUp(app.baseUrl, app.store)
    await sleep(1000)

    // ---- the sale ----
    const before = bol.stats()
    const t0 = Date.now()
    // storm windows count from the marketplace's start: the time of the offers' initial entry
    const sinceStart = t0 - bol.offers()[0].history[0].at
    const storms = STORMS.map((s) => ({ ...s, from: t0 + s.fromMs, to: t0 + s.toMs }))
    bol.setProcessStatus({ stuckRate: STUCK_RATE, neverFinishRate: NEVER_FINISH_RATE })
    bol.setFaults({
      lostAckRate: LOST_ACK_RATE,
      storm: storms.map((s) => ({ fromMs: sinceStart + s.fromMs, toMs: sinceStart + s.toMs })),
    })
    const stormTimers = storms.flatMap((s) =>
      s.retryAfter
        ? []
        : [
            setTimeout(() => bol.setFaults({ retryAfter: false }), s.fromMs),
            setTimeout(() => bol.setFaults({ retryAfter: true }), s.toMs),
          ]
    )
    const shoppers = storefrontShoppers({
      baseUrl: app.baseUrl,
      store: app.store,
      items: seeded.items,
      concurrency: STORE_CONCURRENCY,
      seed: SEED,
      shippingOptionId: seeded.shippingOptionId,
    })
    bol.setBuyers({ shoppers: BOL_BUYERS, lookMs: LOOK_MS })
    say(`${label}: sale started`)
    let soldOut = false
    let nextTrace = t0 + 5000
    while (Date.now() - t0 < SALE_CAP_MS) {
      if (TRACE && Date.now() >= nextTrace) {
        nextTrace += 5000
        const shown = bol.offers().reduce((n, o) => n + o.displayedStock, 0)
        say(
          `${label}: t=${((Date.now() - t0) / 1000).toFixed(0)}s storefront ${shoppers.records.filter((r) => r.ok).length} sold, ` +
            `${shoppers.inStock.size} SKUs left; bol ${bol.stats().sales.units} sold, ${shown} shown`
        )
      }
      if (shoppers.inStock.size === 0 && bol.offers().every((o) => o.displayedStock === 0)) {
        soldOut = true
        break
      }
      await sleep(100)
    }
    bol.setBuyers({ shoppers: 0 })
    const tEnd = Date.now()
    shoppers.stop()
    await shoppers.done
    stormTimers.forEach(clearTimeout)
    bol.setFaults({ storm: [], retryAfter: true, lostAckRate: 0 })
    say(`${label}: sale over after ${((tEnd - t0) / 1000).toFixed(1)} s (${soldOut ? "sold out" : "cap"}); settling`)

    // ---- settle: every bol order in Medusa or cancelled, the state consistent, 2 s without a write
    // (checked once a second, the cheap conditions first: the app is still importing orders)
    let lastWrites = -1
    let quietSince = Date.now()
    const settled = await waitUntil(
      `${label}: settling`,
      SETTLE_MAX_MS,
      async () => {
        const writes = bol.stats().stockWrites
        if (writes !== lastWrites) {
          lastWrites = writes
          quietSince = Date.now()
        }
        if (Date.now() - quietSince < 2000) return false
        if (unhandledBolOrders(bol, await paged(app.admin, "/admin/orders", "orders", "id,metadata")) > 0) return false
        return (await consistency(app, bol, seeded)).perSku.every((s) => s.ok)
      },
      1000
    )
    const tSettled = Date.now()

    // ---- measure ----
    const after = bol.stats()
    const { perSku, orders, rule } = await consistency(app, bol, seeded)
    const result = measure({
      run,
      bol,
      seeded,
      shoppers,
      orders,
      res: await reservations(app.admin),
      perSku,
      rule,
      t0,
      tEnd,
      tSettled,
    })
    Object.assign(result, {
      soldOut,
      settled,
      saleMs: tEnd - t0,
      settleMs: tSettled - tEnd,
      requests: after.requests - before.requests,
      stockWritesAll: after.stockWrites - before.stockWrites,
      rateLimited: after.rateLimited - before.rateLimited,
      lostAcks: after.lostAcks - before.lostAcks,
      tokens: after.tokensIssued - before.tokensIssued,
      unauthorized: after.unauthorized - before.unauthorized,
      // v10 process statuses (stock, cancellations) still PENDING when the run ended
      pendingAtEnd: bol.processStatuses().filter((p) => p.status === "PENDING").length,
      storeErrors: shoppers.errors.length,
      storeErrorSamples: shoppers.errors.slice(0, 5),
      byRoute: Object.fromEntries(
        Object.entries(after.byRoute)
          .map(([k, v]) => [k, v - (before.byRoute[k] ?? 0)])
          .filter(([, v]) => v > 0)
      ),
      healthEnd: await app.admin.get("/admin/syncguard/health").catch((e) => e.message),
      wallMs: Date.now() - started,
    })
    if (env.BENCH_DUMP === "1") {
      fs.writeFileSync(
        path.join(ROOT, ".demo", "bench", `oversell-${run.key}-trace.json`),
        JSON.stringify({
          t0,
          tEnd,
          storms,
          sales: bol.sales().map((x) => ({ ...x, t: x.at - t0 })),
          orders: bol.orders(),
          offers: bol
            .offers()
            .map((o) => ({ reference: o.reference, history: o.history.map((h) => ({ ...h, t: h.at - t0 })) })),
          requests: bol
            .requests()
            .filter((r) => r.at >= t0)
            .map((r) => ({ ...r, t: r.at - t0 })),
          checkouts: shoppers.records.map((r) => ({ ...r, t: r.doneAt - t0 })),
          processStatuses: bol.processStatuses(),
        })
      )
    }
    say(
      `${label}: sold ${result.soldStore} + ${result.soldBol} (bol), phantom ${result.phantomUnits}, caught ${result.caughtUnits}, ` +
        `uncaught ${result.uncaught}, ack p95 ${result.ack.p95Clean} ms, import p95 ${result.importLat.p95} ms, lost ${result.lost} ` +
        `(${((Date.now() - started) / 1000).toFixed(0)} s)`
    )
    return result
  } finally {
    await app?.stop()
    await bol.close()
  }
}

function measure({ run, bol, seeded, shoppers, orders, res, perSku, rule, t0, tEnd, tSettled }) {
  const skuOfItem = new Map(seeded.items.map((i) => [i.inventoryItemId, i.sku]))
  const skuOfVariant = new Map(seeded.items.map((i) => [i.variantId, i.sku]))
  const orderOfLine = new Map()
  for (const o of orders) for (const line of o.items ?? []) orderOfLine.set(line.id, o)
  const takes = res
    .filter((r) => skuOfItem.has(r.inventory_item_id))
    .map((r) => {
      const order = orderOfLine.get(r.line_item_id) ?? null
      return {
        sku: skuOfItem.get(r.inventory_item_id),
        at: t(r.created_at),
        q: Number(r.quantity),
        order,
        bolOrderId: order?.metadata?.[BOL_ORDER_KEY] ?? null,
      }
    })
  const storeTakes = takes.filter((x) => !x.bolOrderId)
  const sales = bol.sales()
  const bolOrders = bol.orders()
  const offers = bol.offers()

  // true remaining: stock − storefront sales − bol sales (every one), before a moment
  const remaining = (sku, at, bolBefore) =>
    UNITS -
    storeTakes.filter((x) => x.sku === sku && x.at <= at).reduce((n, x) => n + x.q, 0) -
    bolBefore.filter((s) => s.reference === sku).reduce((n, s) => n + s.quantity, 0)

  // bol buys made when nothing remained anywhere
  let phantomUnits = 0
  let phantomOrders = 0
  sales.forEach((s, i) => {
    const left = remaining(s.reference, s.at, sales.slice(0, i))
    const phantom = s.quantity - Math.max(0, Math.min(s.quantity, left))
    if (phantom > 0) {
      phantomUnits += phantom
      phantomOrders++
    }
  })

  // stock writes that took effect during the sale offering more than truly remained
  let writes = 0
  let overOffering = 0
  for (const o of offers) {
    for (const h of o.history) {
      if ((h.via !== "v11" && h.via !== "v10") || h.at < t0 || h.at > tEnd) continue
      writes++
      const left = remaining(
        o.reference,
        h.at,
        sales.filter((s) => s.at <= h.at)
      )
      if (h.correctedStock > Math.max(0, left)) overOffering++
    }
  }

  // caught: what syncguard asked bol to cancel as out of stock
  let caughtUnits = 0
  let caughtApplied = 0
  for (const o of bolOrders) {
    for (const i of o.orderItems) {
      if (!i.retailerCancellations.some((c) => c.reasonCode === "OUT_OF_STOCK")) continue
      caughtUnits += Number(i.quantity)
      if (i.cancellationReason === "OUT_OF_STOCK") caughtApplied += Number(i.quantityCancelled)
    }
  }

  // uncaught oversell: units in live Medusa orders beyond the stock
  const live = new Map()
  for (const o of orders) {
    if (o.status === "canceled") continue
    for (const line of o.items ?? []) {
      const sku = skuOfVariant.get(line.variant_id)
      if (sku) live.set(sku, (live.get(sku) ?? 0) + Number(line.quantity))
    }
  }
  const uncaught = [...live.values()].reduce((n, u) => n + Math.max(0, u - UNITS), 0)

  // imported exactly once, none missing
  const medusaByBolId = new Map()
  for (const o of orders) {
    const id = o.metadata?.[BOL_ORDER_KEY]
    if (id) medusaByBolId.set(id, [...(medusaByBolId.get(id) ?? []), o])
  }
  const bolIds = new Set(bolOrders.map((o) => o.orderId))
  const once = { duplicated: 0, missing: 0, importedAndCancelled: 0, unknown: 0 }
  for (const o of bolOrders) {
    const n = medusaByBolId.get(o.orderId)?.length ?? 0
    const cancelled = cancelledInFull(o)
    if (n > 1) once.duplicated++
    if (n === 0 && !cancelled) once.missing++
    if (n >= 1 && cancelled) once.importedAndCancelled++
  }
  once.unknown = [...medusaByBolId.keys()].filter((id) => !bolIds.has(id)).length
  const exactlyOnce = Object.values(once).every((n) => n === 0)

  // bol order placed → reservation in Medusa, or → the OUT_OF_STOCK cancellation request
  const importLat = []
  let importCensored = 0
  for (const o of bolOrders) {
    const reserved = takes.filter((x) => x.bolOrderId === o.orderId).map((x) => x.at)
    const created = (medusaByBolId.get(o.orderId) ?? []).map((m) => t(m.created_at))
    const cancelled = o.orderItems.flatMap((i) =>
      i.retailerCancellations.filter((c) => c.reasonCode === "OUT_OF_STOCK").map((c) => c.at)
    )
    const handled = reserved.length ? Math.min(...reserved) : created.length ? Math.min(...created) : null
    const end = [handled, ...cancelled].filter((x) => x !== null)
    if (!end.length) importCensored++
    importLat.push((end.length ? Math.min(...end) : tSettled) - o.placedAt)
  }

  // stock change → bol acknowledgement
  const refusedWrites = bol
    .requests()
    .filter(
      (r) =>
        r.at >= t0 &&
        r.outcome === "rate_limited" &&
        (r.route.startsWith("PATCH /retailer/offers") || r.route.startsWith("PUT /retailer/offers"))
    )
    .map((r) => r.at)
  const byRef = new Map(offers.map((o) => [o.reference, o]))
  const ack = []
  const ackClean = []
  let ackCensored = 0
  let needless = 0
  const changes = takes.filter((x) => x.at >= t0 && x.at <= tEnd && (!x.bolOrderId || rule === "since-update"))
  for (const c of changes) {
    const offer = byRef.get(c.sku)
    const history = offer.history
    const write = history.find((h) => (h.via === "v11" || h.via === "v10") && h.requestedAt >= c.at)
    const shownBefore = [...history].reverse().find((h) => h.at < c.at)
    if (!write && shownBefore?.amount === 0 && offer.amount === 0) {
      needless++
      continue
    }
    if (!write) ackCensored++
    const ms = (write ? write.at : tSettled) - c.at
    ack.push(ms)
    if (!refusedWrites.some((at) => at >= c.at && at <= c.at + ms)) ackClean.push(ms)
  }

  const soldStore = shoppers.records.filter((r) => r.ok).length
  const soldBol = sales.reduce((n, s) => n + s.quantity, 0)
  const stats = (xs) => ({
    n: xs.length,
    p50: percentile(xs, 50),
    p95: percentile(xs, 95),
    max: xs.length ? Math.max(...xs) : NaN,
  })
  return {
    key: run.key,
    api: run.api,
    phase: run.phase,
    ruleAsked: run.rule,
    ruleSeen: rule,
    soldStore,
    soldStoreReserved: storeTakes.filter((x) => x.at >= t0).reduce((n, x) => n + x.q, 0),
    soldBol,
    bolOrders: bolOrders.length,
    uncaught,
    caughtUnits,
    caughtApplied,
    phantomUnits,
    phantomOrders,
    writes,
    overOffering,
    importLat: { ...stats(importLat), censored: importCensored },
    ack: {
      ...stats(ack),
      censored: ackCensored,
      needless,
      nClean: ackClean.length,
      p50Clean: percentile(ackClean, 50),
      p95Clean: percentile(ackClean, 95),
    },
    exactlyOnce,
    once,
    unsoldByBuffer: perSku.reduce((n, s) => n + Math.min(s.available, s.buffer), 0),
    unsold: perSku.reduce((n, s) => n + s.available, 0),
    lost: perSku.filter((s) => !s.ok).length,
    lostSkus: perSku.filter((s) => !s.ok),
    perSkuEnd: perSku,
    bufferMax: Math.max(...perSku.map((s) => s.buffer)),
    bufferSum: perSku.reduce((n, s) => n + s.buffer, 0),
    unhandledAtEnd: unhandledBolOrders(bol, orders),
  }
}

function checks(r) {
  const ackTarget = ACK_TARGET_MS[r.api]
  return [
    [`bol units that do not exist ≤ 2 % of stock (${r.phantomUnits})`, r.phantomUnits <= STOCK * 0.02],
    [`caught ≤ 2 % of bol units (${r.caughtUnits} of ${r.soldBol})`, r.caughtUnits <= r.soldBol * 0.02],
    [`unsold by buffer ≤ 5 % of stock (${r.unsoldByBuffer})`, r.unsoldByBuffer <= STOCK * 0.05],
    [`0 uncaught oversell (${r.uncaught})`, r.uncaught === 0],
    [`0 lost updates (${r.lost})`, r.lost === 0],
    [`change → ack p95 ≤ ${ackTarget / 1000} s storm-free (${fmtMs(r.ack.p95Clean)})`, r.ack.p95Clean <= ackTarget],
    [
      `bol sale → Medusa p95 ≤ ${IMPORT_TARGET_MS / 1000} s (${fmtMs(r.importLat.p95)})`,
      r.importLat.p95 <= IMPORT_TARGET_MS,
    ],
    ["bol orders imported exactly once", r.exactlyOnce],
  ]
}

const fmtMs = (x) => (Number.isFinite(x) ? (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`) : "-")
const pct = (a, b) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : "-")

const benchStarted = Date.now()
const results = {}
for (const [i, run] of RUNS.entries()) {
  try {
    results[run.key] = await runOne(run, i)
  } catch (err) {
    say(`${run.key}: failed: ${err.stack ?? err.message}`)
    results[run.key] = { key: run.key, api: run.api, phase: run.phase, error: err.message }
  }
}

const ROWS = [
  ["stock write rule asked / seen on bol", (r) => `${r.ruleAsked} / ${r.ruleSeen}`],
  ["sale duration", (r) => `${(r.saleMs / 1000).toFixed(1)} s${r.soldOut ? "" : " (cap)"}`],
  [
    `units sold, storefront + bol, of ${STOCK}`,
    (r) => `${r.soldStore} + ${r.soldBol - r.caughtUnits}${r.caughtUnits ? ` (+${r.caughtUnits} cancelled)` : ""}`,
  ],
  ["uncaught oversell (units)", (r) => String(r.uncaught)],
  [
    "bol caught, cancelled OUT_OF_STOCK (units)",
    (r) =>
      `${r.caughtUnits}${r.caughtApplied !== r.caughtUnits ? ` (${r.caughtApplied} applied)` : ""} (${pct(r.caughtUnits, r.soldBol)})`,
  ],
  ["bol buys when nothing remained (units)", (r) => `${r.phantomUnits} (${pct(r.phantomUnits, STOCK)})`],
  ["writes offering more than remained", (r) => `${r.overOffering} of ${r.writes}`],
  ["bol order → imported/cancelled p50 / p95", (r) => `${fmtMs(r.importLat.p50)} / ${fmtMs(r.importLat.p95)}`],
  ["  n (still neither at the end)", (r) => `${r.importLat.n} (${r.importLat.censored})`],
  ["stock change → bol ack p50 / p95", (r) => `${fmtMs(r.ack.p50Clean)} / ${fmtMs(r.ack.p95Clean)}`],
  [
    "  n (unacked, needing no write)",
    (r) => `${r.ack.nClean}${r.ack.n !== r.ack.nClean ? ` of ${r.ack.n}` : ""} (${r.ack.censored}, ${r.ack.needless})`,
  ],
  ["  max", (r) => fmtMs(r.ack.max)],
  [
    "bol orders imported exactly once",
    (r) =>
      r.exactlyOnce
        ? `✓ (${r.bolOrders})`
        : `✗ dup ${r.once.duplicated}, missing ${r.once.missing}, both ${r.once.importedAndCancelled}, unknown ${r.once.unknown}`,
  ],
  ["unsold because of the buffer", (r) => `${r.unsoldByBuffer} (${pct(r.unsoldByBuffer, STOCK)})`],
  ["lost updates (final state wrong)", (r) => String(r.lost)],
  ["buffer at the end: max / sum", (r) => `${r.bufferMax} / ${r.bufferSum}`],
  ["settled (s)", (r) => `${r.settled ? "yes" : "NO"} after ${(r.settleMs / 1000).toFixed(1)}`],
  ["requests / stock writes accepted", (r) => `${r.requests} / ${r.stockWritesAll}`],
  ["lost acks / tokens / 401s / 429s", (r) => `${r.lostAcks} / ${r.tokens} / ${r.unauthorized} / ${r.rateLimited}`],
  ["v10 process statuses PENDING at the end", (r) => String(r.pendingAtEnd)],
  ["storefront errors (not refusals)", (r) => String(r.storeErrors)],
]
const cols = RUNS.map((run) => results[run.key])
const W0 = 44
const W = 30
const cell = (r, f) => {
  if (r.error) return "crashed"
  try {
    return f(r)
  } catch {
    return "?"
  }
}
console.log("")
console.log(
  `bench:oversell   ${SKUS} SKUs × ${UNITS} units; storefront ${STORE_CONCURRENCY} shoppers (shipping method), bol ${BOL_BUYERS} buyers ` +
    `looking every ${Array.isArray(LOOK_MS) ? LOOK_MS.join("-") : LOOK_MS} ms; order poll ${POLL_MS / 1000} s${PUSH ? " + pushes" : ""}, ` +
    `buffer job ${BUFFER_MS / 1000} s; tokens ${TOKEN_TTL_SEC} s, lost acks ${LOST_ACK_RATE}, v10 PENDING ` +
    `${Array.isArray(PENDING_MS) ? PENDING_MS.join("-") : PENDING_MS} ms, stuck ${STUCK_RATE} for ` +
    `${Array.isArray(STUCK_MS) ? STUCK_MS.map((x) => x / 1000).join("-") : STUCK_MS / 1000} s; ` +
    `429 storms ${STORMS.map((w) => `${w.fromMs / 1000}-${w.toMs / 1000} s${w.retryAfter ? "" : " (no Retry-After)"}`).join(", ") || "none"}`
)
console.log(`${"".padEnd(W0)}${RUNS.map((run) => `${run.api} ${run.phase}`.padEnd(W)).join("")}`)
for (const [name, f] of ROWS) console.log(`${name.padEnd(W0)}${cols.map((r) => cell(r, f).padEnd(W)).join("")}`)
console.log("")
for (const r of cols) {
  if (r.error) {
    console.log(`  ${r.key}: crashed (${r.error}) → FAIL`)
    continue
  }
  const list = checks(r)
  console.log(`  ${r.key} (${r.ruleSeen}): ${list.every(([, ok]) => ok) ? "PASS" : "FAIL"}`)
  for (const [name, ok] of list) console.log(`    ${ok ? "PASS" : "FAIL"}  ${name}`)
}
console.log(`  (${((Date.now() - benchStarted) / 1000).toFixed(0)} s in all)`)
const out = path.join(ROOT, ".demo", "bench", "oversell.json")
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(
  out,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      config: {
        SKUS,
        UNITS,
        STORE_CONCURRENCY,
        BOL_BUYERS,
        LOOK_MS,
        POLL_MS,
        BUFFER_MS,
        SCALE,
        SALE_CAP_MS,
        SETTLE_MAX_MS,
        TOKEN_TTL_SEC,
        LOST_ACK_RATE,
        PENDING_MS,
        STUCK_RATE,
        STUCK_MS,
        NEVER_FINISH_RATE,
        PUSH,
        STORMS,
        SEED,
        RUNS: RUNS.map((r) => r.key),
      },
      results,
      checks: Object.fromEntries(
        cols.filter((r) => !r.error).map((r) => [r.key, checks(r).map(([name, ok]) => ({ name, ok }))])
      ),
    },
    null,
    2
  )
)
process.exit(cols.some((r) => r.error) ? 1 : 0)
