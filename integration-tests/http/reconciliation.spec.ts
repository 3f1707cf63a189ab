import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import axios from "axios"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { CapturedAlert, startAlertCapture } from "../helpers/alerts"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder } from "../helpers/seed"
import { seedStockedStore, setStocked, StockedStore } from "../helpers/stock"
import reconcileJob from "../../src/jobs/reconcile"
import { forgetScheduledRuns } from "../../src/modules/syncguard/config/schedules"

jest.setTimeout(300_000)

// A real Medusa app, the REST sandbox as the ERP (orders, customers, stock on hand), and
// reconciliation runs started through the admin routes. Delivery is worked by hand (no fast
// path), so a test decides when messages reach the ERP and which events are "lost".
const ERP_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const ALERT_PORT = ERP_PORT + 1
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${ERP_PORT}`
process.env.SYNCGUARD_ERP_ENTITIES = "order,customer"
process.env.SYNCGUARD_CRM_URL = "off"
process.env.SYNCGUARD_INVOICES_CONNECTOR = "erp"
process.env.SYNCGUARD_FAST_PATH = "false"
process.env.SYNCGUARD_OWNERSHIP = JSON.stringify({
  inventory: { default: "erp" },
  customer: { default: "medusa", fields: { phone: "erp" } },
})
process.env.SYNCGUARD_ALERT_WEBHOOK_URL = `http://127.0.0.1:${ALERT_PORT}/alerts`
process.env.SYNCGUARD_RECONCILE_INTERVAL_MS = "0"
process.env.SYNCGUARD_RECONCILE_SETTLE_MS = "0"
process.env.SYNCGUARD_RECONCILE_LOOKBACK_MS = "60000"
process.env.SYNCGUARD_RECONCILE_STALE_MS = "5000"
process.env.SYNCGUARD_RECONCILE_PAGE_SIZE = "10"
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "300"

const RUNS = "/admin/syncguard/reconciliation/runs"
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

medusaIntegrationTestRunner({
  dbName: "syncguard_http_reconciliation",
  testSuite: ({ getContainer, api }) => {
    let erp: Sandbox
    let store: StockedStore
    let admin: { headers: Record<string, string> }
    let alerts: CapturedAlert[] = []
    let closeAlerts: () => Promise<void>
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
    const remote = () => axios.create({ baseURL: erp.url, validateStatus: () => true })

    const adminPost = (path: string, body: unknown) => api.post(path, body, { ...admin, validateStatus: () => true })
    const adminGet = (path: string) => api.get(path, { ...admin, validateStatus: () => true })

    /** Starts a run through the admin route and waits for its end. */
    const reconcile = async (entity_type: string, options: { dry_run?: boolean } = {}) => {
      const started = await adminPost(RUNS, { connector: "erp", entity_type, ...options })
      expect(started.status).toBe(202)
      let answer: any
      await waitFor(async () => {
        answer = (await adminGet(`${RUNS}/${started.data.run.id}`)).data
        return answer.run.status !== "running"
      }, 60_000)
      expect(answer.run.error).toBeNull()
      expect(answer.run.status).toBe("completed")
      const findings = (await adminGet(`${RUNS}/${started.data.run.id}/findings?limit=500`)).data.findings
      return { run: answer.run, findings: findings as any[] }
    }

    /** An order placed and delivered to the ERP. */
    const deliveredOrder = async (email: string) => {
      const id = await placeOrder(getContainer(), store, email)
      await waitFor(async () => (await syncguard().listOutboxMessages({ entity_id: id })).length > 0)
      await drainUntilSettled(getContainer(), { expected: 1 })
      return id
    }

    /** An order whose order.placed event never reached syncguard (a crashed worker, a Redis flush). */
    const lostOrder = async (email: string) => {
      // paused meanwhile, so the sweep job cannot deliver the message before it is taken away
      await syncguard().setConnectorPaused({ connector: "erp", paused: true, reason: "test" })
      try {
        const id = await placeOrder(getContainer(), store, email)
        await waitFor(async () => (await syncguard().listOutboxMessages({ entity_id: id })).length > 0)
        const messages = await syncguard().listOutboxMessages({ entity_id: id })
        await syncguard().deleteOutboxMessages(messages.map((m) => m.id))
        return id
      } finally {
        await syncguard().setConnectorPaused({ connector: "erp", paused: false })
      }
    }

    const remoteOrders = (externalId: string) => erp.orders().filter((o: any) => o.external_id === externalId)

    beforeAll(async () => {
      erp = await createSandbox({ port: ERP_PORT, host: "127.0.0.1" })
      const capture = await startAlertCapture(ALERT_PORT)
      alerts = capture.alerts
      closeAlerts = capture.close
    })
    afterAll(async () => {
      await erp?.close()
      await closeAlerts?.()
    })
    beforeEach(async () => {
      erp.reset()
      erp.resetFaults()
      store = await seedStockedStore(getContainer(), [
        { sku: "RC-A", quantity: 10 },
        { sku: "RC-B", quantity: 10 },
      ])
      admin = await adminHeaders(getContainer())
      alerts.length = 0
    })

    describe("orders", () => {
      it("finds orders whose events were lost and delivers each exactly once; agreeing orders are no finding", async () => {
        const fine = [await deliveredOrder("a@reconcile.test"), await deliveredOrder("b@reconcile.test")]
        const lost = [await lostOrder("c@reconcile.test"), await lostOrder("d@reconcile.test")]
        expect(lost.flatMap(remoteOrders)).toHaveLength(0)

        const { run, findings } = await reconcile("order")
        expect(run.checked).toBe(4)
        expect(findings.map((f) => [f.kind, f.entity_id]).sort()).toEqual(lost.map((id) => ["missing", id]).sort())
        expect(run).toMatchObject({ missing: 2, mismatched: 0, duplicated: 0, orphaned: 0, repaired: 2 })
        // sent vs applied over what was checked: two acknowledged, two confirmed present
        expect(run).toMatchObject({ acknowledged: 2, confirmed: 2, remote_records: 2 })
        for (const f of findings) expect(f.status).toBe("repaired")
        expect(alerts.some((a) => a.kind === "reconciliation_drift")).toBe(true)

        // repaired through the outbox with the create's own key
        await drainUntilSettled(getContainer(), { expected: 4 })
        for (const id of [...fine, ...lost]) expect(remoteOrders(id)).toHaveLength(1)

        // the same window again (the lookback covers it), and an event replayed late: still once
        const again = await reconcile("order")
        expect(again.findings).toEqual([])
        expect(again.run).toMatchObject({ checked: 4, acknowledged: 4, confirmed: 4, remote_records: 4 })
        const { result } = await (
          await import("../../src/workflows/enqueue-entity-sync")
        )
          .enqueueEntitySyncWorkflow(getContainer())
          .run({
            input: {
              entity_type: "order",
              entity_id: lost[0],
              operation: "order.create",
              correlation_id: "late-event",
            },
          })
        expect(result).toEqual([])
        await drainUntilSettled(getContainer(), { expected: 4 })
        for (const id of lost) expect(remoteOrders(id)).toHaveLength(1)
        expect(erp.stats().orders.duplicates).toBe(0)
      })

      it("a dry run reports and changes nothing: no message, no repair, the cursor stays", async () => {
        await deliveredOrder("a@reconcile.test")
        const first = await reconcile("order")
        const lost = await lostOrder("b@reconcile.test")
        const dry = await reconcile("order", { dry_run: true })
        expect(dry.run.dry_run).toBe(true)
        expect(dry.findings).toEqual([expect.objectContaining({ kind: "missing", entity_id: lost, status: "open" })])
        expect(await syncguard().listOutboxMessages({ entity_id: lost })).toHaveLength(0)
        expect(dry.run.repaired).toBe(0)
        // the next real run starts where the last real one ended, not where the dry run did
        const real = await reconcile("order")
        expect(new Date(real.run.cursor_before).getTime()).toBe(new Date(first.run.cursor_after).getTime())
        expect(real.findings).toEqual([
          expect.objectContaining({ kind: "missing", entity_id: lost, status: "repaired" }),
        ])
        // the dry run's finding is superseded by the real one
        const old = (await adminGet(`${RUNS}/${dry.run.id}/findings`)).data.findings
        expect(old[0].status).toBe("superseded")
      })

      it("reports one order held twice by the remote (same external id, different internal ids) and an orphan; neither is 'repaired'", async () => {
        const id = await deliveredOrder("a@reconcile.test")
        erp.setFaults({ uniqueExternalId: false })
        const [original] = remoteOrders(id)
        const copy = await remote().post("/orders", { ...original, id: undefined })
        expect(copy.status).toBe(201)
        const ghost = await remote().post("/orders", {
          ...original,
          id: undefined,
          external_id: "order_01GHOSTGHOSTGHOSTGHOSTGHOS",
        })
        expect(ghost.status).toBe(201)

        const { run, findings } = await reconcile("order")
        const duplicate = findings.find((f) => f.kind === "duplicated")
        expect(duplicate).toMatchObject({ entity_id: id, status: "open" })
        expect([...duplicate.theirs].sort()).toEqual([original.id, copy.data.id].sort())
        const orphan = findings.find((f) => f.kind === "orphaned")
        expect(orphan).toMatchObject({ entity_id: "order_01GHOSTGHOSTGHOSTGHOSTGHOS", remote_id: ghost.data.id })
        expect(run).toMatchObject({ duplicated: 1, orphaned: 1, missing: 0, mismatched: 0 })

        // health shows the remote applied more than was sent
        const health = (await adminGet("/admin/syncguard/health")).data
        expect(health.connectors.find((c: any) => c.name === "erp").reconciliation.order).toMatchObject({
          acknowledged: 1,
          confirmed: 1,
          remote_records: 2,
          applied_extra: 1,
        })
        expect(health.problems.join("\n")).toMatch(/applied more often than sent/)

        const repair = await adminPost(`/admin/syncguard/reconciliation/findings/${duplicate.id}/repair`, {})
        expect(repair.status).toBe(409)
        expect(repair.data.message).toMatch(/remove the extra ones/)
        const bulk = await adminPost(`${RUNS}/${run.id}/repair`, { kind: "orphaned" })
        expect(bulk.status).toBe(200)
        expect(bulk.data).toMatchObject({ repaired: 0, not_repairable: 1 })
        const dismissed = await adminPost(`/admin/syncguard/reconciliation/findings/${duplicate.id}/dismiss`, {
          reason: "removed ord_2 in the ERP",
        })
        expect(dismissed.status).toBe(200)
        expect(dismissed.data.finding).toMatchObject({
          status: "dismissed",
          repair: "dismissed: removed ord_2 in the ERP",
        })
        expect((await adminPost(`/admin/syncguard/reconciliation/findings/${duplicate.id}/dismiss`, {})).status).toBe(
          409
        )
        expect(remoteOrders(id)).toHaveLength(2)
      })

      it("reports a mismatched total instead of overwriting it; a repair sends Medusa's order again", async () => {
        const id = await deliveredOrder("a@reconcile.test")
        const [doc] = remoteOrders(id)
        const ours = doc.totals.total
        expect(
          (await remote().put(`/orders/external/${id}`, { totals: { ...doc.totals, total: ours + 100 } })).status
        ).toBe(200)

        const { run, findings } = await reconcile("order")
        expect(findings).toEqual([
          expect.objectContaining({
            kind: "mismatched",
            entity_id: id,
            field: "total",
            ours,
            theirs: ours + 100,
            status: "open",
          }),
        ])
        expect(run.repaired).toBe(0)
        // not silently overwritten: nothing queued, the remote keeps its figure
        expect(
          (await syncguard().listOutboxMessages({ entity_id: id })).filter((m) => m.status !== "delivered")
        ).toHaveLength(0)
        expect(remoteOrders(id)[0].totals.total).toBe(ours + 100)

        const repaired = await adminPost(`/admin/syncguard/reconciliation/findings/${findings[0].id}/repair`, {})
        expect(repaired.status).toBe(200)
        expect(repaired.data.finding.status).toBe("repaired")
        expect(repaired.data.finding.repair).toMatch(/enqueued order.update/)
        expect(repaired.data.finding.repaired_by).toBeTruthy()
        await drainUntilSettled(getContainer(), { expected: 2 })
        expect(remoteOrders(id)[0].totals.total).toBe(ours)
        expect((await reconcile("order")).findings).toEqual([])
      })

      it("a change feed whose pages repeat orders, or that changes while it is read, is no duplicate and no mismatch", async () => {
        const ids: string[] = []
        // 10 units of each SKU: half the orders on each
        for (let i = 0; i < 12; i++) {
          const variant = store.variants[i % 2].variantId
          ids.push(await placeOrder(getContainer(), store, `feed${i}@reconcile.test`, 1, undefined, variant))
        }
        await drainUntilSettled(getContainer(), { expected: 12 })
        // pages of 10 (pageSize), each next cursor 4 orders short of the page's end
        erp.setFaults({ orderFeedOverlap: 4 })
        const { run, findings } = await reconcile("order")
        expect(findings).toEqual([])
        expect(run).toMatchObject({ checked: 12, confirmed: 12, remote_records: 12 })
      })

      it("an orphan the feed serves twice in a run (overlapping pages, or edited while the feed is read) is one finding, in the run, its alert and health", async () => {
        const ids: string[] = []
        // 10 units of each SKU: the orders alternate between them
        const place = async (from: number, to: number) => {
          for (let i = from; i < to; i++) {
            const variant = store.variants[i % 2].variantId
            ids.push(await placeOrder(getContainer(), store, `orph${i}@reconcile.test`, 1, undefined, variant))
          }
          await drainUntilSettled(getContainer(), { expected: to })
        }
        await place(0, 7)
        // the 8th record of the feed: inside the overlap of its page (pages of 10, cursors 4 short)
        const [model] = remoteOrders(ids[0])
        const ghostId = "order_01GHOSTGHOSTGHOSTGHOSTGHOS"
        const ghost = await remote().post("/orders", { ...model, id: undefined, external_id: ghostId })
        expect(ghost.status).toBe(201)
        await place(7, 11)

        const expectOneOrphan = async (faults: Record<string, unknown>) => {
          erp.resetFaults()
          erp.setFaults(faults)
          alerts.length = 0
          const { run, findings } = await reconcile("order")
          expect(findings.map((f) => [f.kind, f.entity_id, f.remote_id])).toEqual([
            ["orphaned", ghostId, ghost.data.id],
          ])
          expect(run).toMatchObject({ orphaned: 1, missing: 0, mismatched: 0, duplicated: 0, checked: 11 })
          const alert = alerts.find((a) => a.kind === "reconciliation_drift" && a.data.run_id === run.id)
          expect(alert?.message).toBe(
            "the order reconciliation of erp found 1 drift(s): 0 missing, 0 mismatched, 0 duplicated, 1 orphaned"
          )
          const health = (await adminGet("/admin/syncguard/health")).data
          expect(health.connectors.find((c: any) => c.name === "erp").reconciliation.order.found).toEqual({
            missing: 0,
            mismatched: 0,
            duplicated: 0,
            orphaned: 1,
          })
        }
        // a repeated row on overlapping pages
        await expectOneOrphan({ orderFeedOverlap: 4 })
        // the ghost (and an order Medusa has) edited in the ERP while the feed is read: met again later
        await expectOneOrphan({ orderFeedEdits: [ghostId, ids[3]] })
      })

      it("two reconciliations started at once run once", async () => {
        await deliveredOrder("a@reconcile.test")
        const [a, b] = await Promise.all([
          adminPost(RUNS, { connector: "erp", entity_type: "order" }),
          adminPost(RUNS, { connector: "erp", entity_type: "order" }),
        ])
        expect([a.status, b.status].sort()).toEqual([202, 409])
        const [busy, started] = a.status === 409 ? [a, b] : [b, a]
        // the README's answer, word for word: the run that holds the slot, by id and start
        const run = started.data.run
        expect(busy.data).toEqual({
          type: "conflict",
          message: `an order reconciliation of erp is running (${run.id}, started ${new Date(run.started_at).toISOString()})`,
          // as it reads now (a short run may have ended while the loser waited for its row)
          run: expect.objectContaining({ id: run.id, connector: "erp", entity_type: "order" }),
        })
        await waitFor(async () => !(await syncguard().runningReconciliation("erp", "order")), 30_000)
        const { count } = await syncguard().reconciliationRuns({ connector: "erp", entity_type: "order" })
        expect(count).toBe(1)
      })

      it("a start that finds the lock taken before the holder's run row exists still names that run in its 409", async () => {
        // another worker has taken the lock and is about to insert its run row
        const locking = getContainer().resolve(Modules.LOCKING)
        const key = "syncguard:reconcile:erp:order"
        await locking.acquire(key, { ownerId: "other-worker", expire: 30 })
        try {
          const answer = adminPost(RUNS, { connector: "erp", entity_type: "order" })
          await sleep(300)
          const other = (await syncguard().startReconciliationRun({
            connector: "erp",
            entity_type: "order",
            dry_run: false,
            trigger: "schedule",
            cursor_before: null,
            window_from: new Date(Date.now() - 60_000),
            window_to: new Date(),
            started_by: null,
          }))!
          const busy = await answer
          expect(busy.status).toBe(409)
          expect(busy.data.message).toBe(
            `an order reconciliation of erp is running (${other.id}, started ${new Date(other.started_at).toISOString()})`
          )
          expect(busy.data.run).toMatchObject({ id: other.id, status: "running" })
          await syncguard().finishReconciliationRun(other.id, {
            status: "failed" as any,
            counts: {},
            cursor_after: null,
            error: "test",
          })
        } finally {
          await locking.release(key, { ownerId: "other-worker" })
        }
      })

      it("a start refused by the lock names the holder's run even when that run ended while it waited, and starts none of its own", async () => {
        const locking = getContainer().resolve(Modules.LOCKING)
        const key = "syncguard:reconcile:erp:order"
        await locking.acquire(key, { ownerId: "other-worker", expire: 30 })
        try {
          const before = (await syncguard().reconciliationRuns({ connector: "erp", entity_type: "order" })).count
          const answer = adminPost(RUNS, { connector: "erp", entity_type: "order" })
          await sleep(300)
          // the holder's run starts and ends at once (nothing to compare)
          const other = (await syncguard().startReconciliationRun({
            connector: "erp",
            entity_type: "order",
            dry_run: true,
            trigger: "schedule",
            cursor_before: null,
            window_from: new Date(Date.now() - 60_000),
            window_to: new Date(),
            started_by: null,
          }))!
          await syncguard().finishReconciliationRun(other.id, {
            status: "completed" as any,
            counts: {},
            cursor_after: null,
          })
          const busy = await answer
          expect(busy.status).toBe(409)
          expect(busy.data.message).toBe(
            `an order reconciliation of erp is running (${other.id}, started ${new Date(other.started_at).toISOString()})`
          )
          expect(busy.data.run).toMatchObject({ id: other.id })
          const after = (await syncguard().reconciliationRuns({ connector: "erp", entity_type: "order" })).count
          expect(after).toBe(before + 1)
        } finally {
          await locking.release(key, { ownerId: "other-worker" })
        }
      })

      it("a run whose worker died midway is abandoned and its window redone: the same things are found", async () => {
        await deliveredOrder("a@reconcile.test")
        const first = await reconcile("order")
        const lost = [await lostOrder("b@reconcile.test"), await lostOrder("c@reconcile.test")]
        // a worker starts a run, records part of what it found, and dies (no heartbeat, no end)
        const dead = (await syncguard().startReconciliationRun({
          connector: "erp",
          entity_type: "order",
          dry_run: false,
          trigger: "schedule",
          cursor_before: first.run.cursor_after,
          window_from: new Date(Date.now() - 60_000),
          window_to: new Date(),
          started_by: null,
        }))!
        await syncguard().recordDriftFindings(dead, [
          { kind: "missing", entity_id: lost[0], remote_id: null, field: null, ours: null, theirs: null },
        ])
        const busy = await adminPost(RUNS, { connector: "erp", entity_type: "order" })
        expect(busy.status).toBe(409)

        await sleep(5500) // staleRunMs
        const redone = await reconcile("order")
        expect(new Date(redone.run.cursor_before).getTime()).toBe(new Date(first.run.cursor_after).getTime())
        expect(redone.findings.map((f) => f.entity_id).sort()).toEqual([...lost].sort())
        const abandoned = await syncguard().reconciliationRun(dead.id)
        expect(abandoned).toMatchObject({ status: "abandoned", cursor_after: null })
        expect(abandoned!.error).toMatch(/no heartbeat/)
        const partial = await syncguard().driftFindings({ run_id: dead.id })
        expect(partial.rows[0].status).toBe("superseded")
        await drainUntilSettled(getContainer(), { expected: 3 })
        for (const id of lost) expect(remoteOrders(id)).toHaveLength(1)
      })

      it("the lookback catches an order that committed late with the cursor's timestamp (or just before it)", async () => {
        await deliveredOrder("a@reconcile.test")
        const first = await reconcile("order")
        const cursor = new Date(first.run.cursor_after)
        const late = [await lostOrder("b@reconcile.test"), await lostOrder("c@reconcile.test")]
        // committed after the run, stamped with the cursor's own time and a second before it
        const db = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        await db.raw(`UPDATE "order" SET updated_at = ?::timestamptz WHERE id = ?`, [first.run.cursor_after, late[0]])
        await db.raw(`UPDATE "order" SET updated_at = ?::timestamptz WHERE id = ?`, [
          new Date(cursor.getTime() - 1000).toISOString(),
          late[1],
        ])
        const next = await reconcile("order")
        expect(
          next.findings
            .filter((f) => f.kind === "missing")
            .map((f) => f.entity_id)
            .sort()
        ).toEqual([...late].sort())
      })
    })

    describe("inventory and customers", () => {
      it("finds stock drift against the ERP's count and repairs it from the owner (the ERP)", async () => {
        await remote().put("/inventory/RC-A", { quantity: 7 })
        await remote().put("/inventory/RC-B", { quantity: 10 })
        const { run, findings } = await reconcile("inventory")
        expect(run.checked).toBe(2)
        expect(findings).toEqual([
          expect.objectContaining({
            kind: "mismatched",
            entity_id: "RC-A",
            field: "stocked_quantity",
            ours: 10,
            theirs: 7,
          }),
        ])
        const repaired = await adminPost(`${RUNS}/${run.id}/repair`, { kind: "mismatched" })
        expect(repaired.data).toMatchObject({ repaired: 1, failed: 0 })
        const levels = await getContainer()
          .resolve("inventory")
          .listInventoryLevels({ inventory_item_id: store.variants[0].inventoryItemId })
        expect(Number(levels[0].stocked_quantity)).toBe(7)
        expect((await reconcile("inventory")).findings).toEqual([])

        // within the tolerance (0) again after Medusa moves: found again
        await setStocked(getContainer(), store, "RC-B", 12)
        expect((await reconcile("inventory")).findings.map((f) => f.entity_id)).toEqual(["RC-B"])
      })

      it("compares the synced customer fields; a repair writes the owner's value on the side that lacks it", async () => {
        const {
          result: [customer],
        } = await createCustomersWorkflow(getContainer()).run({
          input: { customersData: [{ email: "ada@reconcile.test", first_name: "Ada", phone: "+31 1" }] },
        })
        await waitFor(async () => (await syncguard().listOutboxMessages({ entity_id: customer.id })).length > 0)
        await drainUntilSettled(getContainer(), { expected: 1 })
        // the ERP's copy drifts: a Medusa-owned name and an ERP-owned phone
        await remote().put(`/customers/${customer.id}`, { first_name: "Adda", phone: "+31 2" })

        const { findings } = await reconcile("customer")
        const byField = Object.fromEntries(findings.map((f) => [f.field, f]))
        expect(Object.keys(byField).sort()).toEqual(["first_name", "phone"])
        expect(byField.first_name).toMatchObject({ ours: "Ada", theirs: "Adda" })

        expect(
          (await adminPost(`/admin/syncguard/reconciliation/findings/${byField.first_name.id}/repair`, {})).status
        ).toBe(200)
        const phone = await adminPost(`/admin/syncguard/reconciliation/findings/${byField.phone.id}/repair`, {})
        expect(phone.data.finding.repair).toMatch(/wrote erp's phone/)
        await drainUntilSettled(getContainer(), { expected: 2 })
        const [theirs] = (await remote().get("/customers", { params: { external_id: customer.id } })).data.data
        expect(theirs.first_name).toBe("Ada")
        const [ours] = await getContainer().resolve("customer").listCustomers({ id: customer.id })
        expect(ours.phone).toBe("+31 2")
        expect((await reconcile("customer")).findings).toEqual([])
      })
    })

    describe("schedule and retention", () => {
      it("the job runs each due reconciliation once, beats, and the purge keeps the run that holds the cursor", async () => {
        await deliveredOrder("a@reconcile.test")
        const config = syncguard().config.reconciliation
        const interval = config.intervalMs
        config.intervalMs = 60_000
        try {
          forgetScheduledRuns()
          await reconcileJob(getContainer())
          const { rows } = await syncguard().reconciliationRuns({})
          expect(rows.map((r) => `${r.connector} ${r.entity_type} ${r.trigger} ${r.status}`).sort()).toEqual([
            "erp customer schedule completed",
            "erp inventory schedule completed",
            "erp order schedule completed",
          ])
          // not due again within its interval, whichever worker ticks
          forgetScheduledRuns()
          await reconcileJob(getContainer())
          expect((await syncguard().reconciliationRuns({})).count).toBe(3)
          const [beat] = await syncguard().listJobHeartbeats({ job: "syncguard-reconcile" })
          expect(beat.last_status).toBe("ok")
        } finally {
          config.intervalMs = interval
        }
        const first = (await syncguard().reconciliationRuns({ entity_type: "order" })).rows[0]
        const second = await reconcile("order")
        const purged = await syncguard().purgeExpired({
          snapshotsOlderThanMs: 3_600_000,
          samplesOlderThanMs: 3_600_000,
          reconciliationOlderThanMs: 0,
        })
        expect(purged.reconciliation_runs).toBe(1)
        expect(await syncguard().reconciliationRun(first.id)).toBeNull()
        const third = await reconcile("order")
        expect(new Date(third.run.cursor_before).getTime()).toBe(new Date(second.run.cursor_after).getTime())
      })
    })

    describe("failures", () => {
      it("a run the remote fails ends failed with its reason, moves no cursor, and health and /metrics say so", async () => {
        await deliveredOrder("a@reconcile.test")
        const first = await reconcile("order")
        erp.setFaults({ down: true })
        const started = await adminPost(RUNS, { connector: "erp", entity_type: "order" })
        expect(started.status).toBe(202)
        let failed: any
        await waitFor(async () => {
          failed = (await adminGet(`${RUNS}/${started.data.run.id}`)).data.run
          return failed.status !== "running"
        }, 60_000)
        expect(failed).toMatchObject({ status: "failed", cursor_after: null })
        expect(failed.error).toMatch(/GET \/orders answered HTTP 503|unreachable/)
        const health = (await adminGet("/admin/syncguard/health")).data
        const erpHealth = health.connectors.find((c: any) => c.name === "erp")
        expect(erpHealth.reconciliation_failures).toEqual([
          expect.objectContaining({ entity_type: "order", run_id: failed.id, status: "failed" }),
        ])
        expect(health.problems.join("\n")).toMatch(/erp: the last order reconciliation failed: /)
        const metrics = await adminGet("/admin/syncguard/metrics")
        expect(metrics.data).toMatch(/syncguard_reconciliation_open_findings\{connector="erp",entity_type="order"\} 0/)

        erp.resetFaults()
        const next = await reconcile("order")
        expect(new Date(next.run.cursor_before).getTime()).toBe(new Date(first.run.cursor_after).getTime())
        const recovered = (await adminGet("/admin/syncguard/health")).data
        expect(recovered.connectors.find((c: any) => c.name === "erp").reconciliation_failures).toEqual([])
      })
    })

    describe("admin routes", () => {
      it("answer bad input with a 4xx that says what is wrong", async () => {
        const cases: Array<[() => Promise<any>, number, RegExp]> = [
          [
            () => adminPost(RUNS, { connector: "erp", entity_type: "invoice" }),
            400,
            /Expected: 'order, inventory, customer' for field 'entity_type'/,
          ],
          [() => adminPost(RUNS, { connector: "nope", entity_type: "order" }), 400, /no connector named "nope"/],
          [() => adminPost(RUNS, { connector: "erp", entity_type: "order", dry_run: "yes" }), 400, /dry_run/],
          [() => adminPost(RUNS, { connector: "erp", entity_type: "order", extra: 1 }), 400, /extra/],
          [() => adminGet(`${RUNS}/sgrr_missing`), 404, /no reconciliation run sgrr_missing/],
          [() => adminGet(`${RUNS}?status=sleeping`), 400, /for field 'status', but got: 'sleeping'/],
          [
            () => adminPost(`${RUNS}/sgrr_missing/repair`, { kind: "broken" }),
            400,
            /for field 'kind', but got: 'broken'/,
          ],
          [
            () => adminPost(`/admin/syncguard/reconciliation/findings/sgdf_missing/repair`, {}),
            404,
            /no drift finding/,
          ],
        ]
        for (const [request, status, message] of cases) {
          const answer = await request()
          expect({ status: answer.status, message: answer.data.message }).toEqual({
            status,
            message: expect.stringMatching(message),
          })
        }
        // a connector that cannot compare an entity type says so (CRM off; the ERP reads no stock?)
        const runs = (await adminGet(RUNS)).data
        expect(runs).toMatchObject({ runs: [], count: 0 })
      })
    })
  },
})
