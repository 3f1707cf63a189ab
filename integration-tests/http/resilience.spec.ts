import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CapturedAlert, startAlertCapture } from "../helpers/alerts"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { runPool } from "../helpers/run-pool"
import { whenDispatcherIdle } from "../../src/delivery/fast-path"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder, seedStore, Store } from "../helpers/seed"

jest.setTimeout(300_000)

const SANDBOX_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const ALERT_PORT = SANDBOX_PORT + 1
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_ERP_TOKEN = "erp-secret-token"
process.env.SYNCGUARD_ERP_TIMEOUT_MS = "300"
process.env.SYNCGUARD_RETRY_BASE_MS = "50"
process.env.SYNCGUARD_RETRY_MAX_MS = "500"
process.env.SYNCGUARD_MAX_ATTEMPTS = "40"
process.env.SYNCGUARD_BREAKER_FAILURES = "4"
process.env.SYNCGUARD_BREAKER_OPEN_MS = "12000"
process.env.SYNCGUARD_ALERT_WEBHOOK_URL = `http://127.0.0.1:${ALERT_PORT}/alerts`

medusaIntegrationTestRunner({
  dbName: "syncguard_http_resilience",
  testSuite: ({ getContainer, api }) => {
    let sandbox: Sandbox
    let store: Store
    let admin: { headers: Record<string, string> }
    let alertCapture: Awaited<ReturnType<typeof startAlertCapture>>
    let alerts: CapturedAlert[] = []
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)

    beforeAll(async () => {
      sandbox = await createSandbox({ port: SANDBOX_PORT, host: "127.0.0.1", authToken: "erp-secret-token" })
      alertCapture = await startAlertCapture(ALERT_PORT)
      alerts = alertCapture.alerts
    })
    afterAll(async () => {
      await sandbox?.close()
      await alertCapture?.close()
    })
    beforeEach(async () => {
      sandbox.reset()
      sandbox.resetFaults()
      alerts.length = 0
      store = await seedStore(getContainer())
      admin = await adminHeaders(getContainer())
    })

    it("should deliver exactly once to a remote that ignores Idempotency-Key and allows duplicate references, by verifying unknown outcomes", async () => {
      const container = getContainer()
      sandbox.setFaults({
        seed: 7,
        honourIdempotencyKey: false,
        uniqueExternalId: false,
        lostAckRate: 0.25,
        timeoutRate: 0.1,
        hangMs: 1000,
        errorRate: 0.1,
      })
      const orders: string[] = []
      await runPool(
        Array.from({ length: 40 }, (_, i) => i),
        4,
        async (i) => {
          orders.push(await placeOrder(container, store, `unknown-${i}@syncguard.test`))
        }
      )
      const counts = await drainUntilSettled(container, { expected: 40, timeoutMs: 120_000 })
      expect(counts).toMatchObject({ delivered: 40, dead: 0 })
      const stats = sandbox.stats()
      expect(stats.orders.duplicates).toBe(0)
      expect(stats.orders.uniqueExternalIds).toBe(40)
      expect(stats.byOutcome.lost_ack + stats.byOutcome.timeout).toBeGreaterThan(0)
      const attempts = await syncguard().listDeliveryAttempts({}, { take: 1000 })
      // unknown outcomes were recorded, and some were settled by a lookup without resending
      expect(attempts.some((a) => a.outcome === "unknown")).toBe(true)
      expect(attempts.some((a) => a.verified_only)).toBe(true)
      const lookups = sandbox.requests().filter((r) => r.route === "GET /orders")
      expect(lookups.length).toBeGreaterThan(0)
    })

    it("should open the breaker on a dead ERP without spending attempts, then close it with a probe", async () => {
      const container = getContainer()
      sandbox.setFaults({ down: true })
      const orders: string[] = []
      for (let i = 0; i < 12; i++) orders.push(await placeOrder(container, store, `down-${i}@syncguard.test`))
      await waitFor(async () => (await syncguard().connectors.breakerState("erp")).state !== "closed", 30_000)
      await whenDispatcherIdle(container)
      // calls already on the wire when it opened (in-call retries, the sweep job's) finish and count
      await waitFor(async () => (await syncguard().listOutboxMessages({ status: "in_flight" })).length === 0)
      // attempts on record (a deferred claim records none and gives its count back)
      const spentAt = async () => (await syncguard().listDeliveryAttempts({}, { take: 1000 })).length
      const requestsAtOpen = sandbox.stats().requests
      const spentAtOpen = await spentAt()
      // keep sweeping while it is open: messages must wait, attempts unspent, the ERP left alone
      // (stopping before its open period ends, when one probe is due)
      const openedAt = new Date((await syncguard().connectors.breakerState("erp")).opened_at!).getTime()
      const openUntil = Math.min(Date.now() + 1500, openedAt + 12_000 - 500)
      expect(openUntil - Date.now()).toBeGreaterThan(300)
      while (Date.now() < openUntil) {
        await drainUntilSettled(container, { expected: 999, timeoutMs: 100 }).catch(() => undefined)
      }
      expect(await spentAt()).toBe(spentAtOpen)
      expect(sandbox.stats().requests).toBe(requestsAtOpen)
      // and the counters agree once nothing is claimed: only the failures before it opened
      await whenDispatcherIdle(container)
      const messages = await syncguard().listOutboxMessages({ status: { $ne: "in_flight" } }, { take: 100 })
      expect(messages.reduce((n, m) => n + m.attempts, 0)).toBeLessThanOrEqual(spentAtOpen)
      const health = await api.get("/admin/syncguard/health", admin)
      expect(health.data.connectors.find((c: any) => c.name === "erp").breaker.state).not.toBe("closed")
      expect(health.data.status).toBe("failing")

      sandbox.setFaults({ down: false })
      const counts = await drainUntilSettled(container, { expected: 12, timeoutMs: 60_000 })
      expect(counts).toMatchObject({ delivered: 12, dead: 0 })
      expect((await syncguard().connectors.breakerState("erp")).state).toBe("closed")
      expect(sandbox.stats().orders.uniqueExternalIds).toBe(12)
    })

    it("should pause a connector from the admin API and resume it without losing or spending anything", async () => {
      const container = getContainer()
      const paused = await api.post("/admin/syncguard/connectors/erp/pause", { reason: "ERP maintenance" }, admin)
      expect(paused.data.connector).toMatchObject({ name: "erp", paused: true, paused_reason: "ERP maintenance" })
      const orderId = await placeOrder(container, store, "paused@syncguard.test")
      await waitFor(async () => (await syncguard().listOutboxMessages({ entity_id: orderId })).length === 1)
      await drainUntilSettled(container, { expected: 999, timeoutMs: 1000 }).catch(() => undefined)
      expect(sandbox.stats().requests).toBe(0)
      const [waiting] = await syncguard().listOutboxMessages({ entity_id: orderId })
      expect(waiting.attempts).toBe(0)
      expect((await api.get("/admin/syncguard/health", admin)).data.problems).toContain("erp: paused (ERP maintenance)")

      const missing = await api.post("/admin/syncguard/connectors/nope/pause", {}, admin).catch((e) => e.response)
      expect(missing.status).toBe(404)
      expect(missing.data.message).toContain("known connectors: erp, crm")
      const bad = await api.post("/admin/syncguard/connectors/erp/pause", { reason: 5 }, admin).catch((e) => e.response)
      expect(bad.status).toBe(400)

      await api.post("/admin/syncguard/connectors/erp/resume", {}, admin)
      const counts = await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      expect(counts.delivered).toBe(1)
    })

    it("should record redacted snapshots, traceparent and correlation on every attempt", async () => {
      const container = getContainer()
      const orderId = await placeOrder(container, store, "snap@syncguard.test")
      await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      const [message] = await syncguard().listOutboxMessages({ entity_id: orderId })
      const detail = await api.get(`/admin/syncguard/messages/${message.id}`, admin)
      const attempt = detail.data.message.delivery_attempts[0]
      expect(attempt.traceparent).toMatch(
        new RegExp(`^00-${message.correlation_id.replace("sgc_", "")}-[0-9a-f]{16}-01$`)
      )
      expect(attempt.snapshot.request.headers.authorization).toBe("[redacted]")
      expect(JSON.stringify(attempt.snapshot)).not.toContain("erp-secret-token")
      expect(attempt.snapshot.request.headers["x-correlation-id"]).toBe(message.correlation_id)
      expect(attempt.snapshot.request.body.external_id).toBe(orderId)
      expect(attempt.snapshot.response.status).toBe(201)
      const sent = sandbox.requests().find((r) => r.route === "POST /orders")!
      expect(sent.correlationId).toBe(message.correlation_id)
      expect(sent.traceparent).toBe(attempt.traceparent)

      // expired snapshots go; fresh ones stay
      expect(
        await syncguard().purgeExpired({ snapshotsOlderThanMs: 3_600_000, samplesOlderThanMs: 3_600_000 })
      ).toEqual({ snapshots: 0, samples: 0, inbound_events: 0, reconciliation_runs: 0 })
      expect((await syncguard().purgeExpired({ snapshotsOlderThanMs: 0, samplesOlderThanMs: 0 })).snapshots).toBe(1)
    })

    it("should alert on dead letters, show them in health and metrics, and replay them (verified first)", async () => {
      const container = getContainer()
      sandbox.setFaults({ down: true })
      const a = await placeOrder(container, store, "dlq-a@syncguard.test")
      const b = await placeOrder(container, store, "dlq-b@syncguard.test")
      await waitFor(async () => (await syncguard().listOutboxMessages({ attempts: { $gt: 0 } })).length === 2)
      sandbox.setFaults({ down: false, rejectExternalIds: [a, b] })
      for (const m of await syncguard().listOutboxMessages({})) {
        await syncguard().updateOutboxMessages({ id: m.id, next_attempt_at: new Date() })
      }
      await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      await waitFor(async () => alerts.filter((x) => x.kind === "dead_letter").length >= 2)

      const { sampleMetricsWorkflow } = await import("../../src/workflows/sample-metrics")
      alerts.length = 0
      await sampleMetricsWorkflow(container).run({ input: { force: true } })
      expect(alerts.find((x) => x.kind === "dead_letter")?.data).toMatchObject({ connector: "erp", dead_depth: 2 })

      const health = await api.get("/admin/syncguard/health", admin)
      expect(health.data.dead_letter_depth).toBe(2)
      expect(health.data.status).not.toBe("ok")
      const metrics = await api.get("/admin/syncguard/metrics", admin)
      expect(metrics.headers["content-type"]).toContain("text/plain")
      expect(metrics.data).toContain('syncguard_dead_letters{connector="erp"} 2')
      expect(metrics.data).toContain('syncguard_queue_depth{connector="erp",status="dead"} 2')

      sandbox.setFaults({ rejectExternalIds: [] })
      const [deadA] = await syncguard().listOutboxMessages({ entity_id: a })
      const notDead = await api.post(`/admin/syncguard/messages/${deadA.id}/replay`, {}, admin)
      expect(notDead.data.replayed).toBe(1)
      const again = await api.post(`/admin/syncguard/messages/${deadA.id}/replay`, {}, admin).catch((e) => e.response)
      expect(again.status).toBe(400)
      const byFilter = await api.post(
        "/admin/syncguard/dead-letters/replay",
        { connector: "erp", error_contains: "credit limit" },
        admin
      )
      expect(byFilter.data.replayed).toBe(1)
      const badFilter = await api
        .post("/admin/syncguard/dead-letters/replay", { created_after: "yesterday" }, admin)
        .catch((e) => e.response)
      expect(badFilter.status).toBe(400)
      expect(badFilter.data.message).toContain("created_after")

      const counts = await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      expect(counts).toMatchObject({ delivered: 2, dead: 0 })
      // a replay starts as unknown: looked up on the remote before it was sent
      const lookups = sandbox.requests().filter((r) => r.route === "GET /orders")
      expect(lookups.length).toBeGreaterThanOrEqual(2)
      expect(sandbox.stats().orders.total).toBe(2)
      const [replayed] = await syncguard().listOutboxMessages({ entity_id: a })
      expect(replayed.idempotency_key).toMatch(/:replay1$/)
    })

    it("should record heartbeats for its jobs and report a job that stopped beating", async () => {
      const container = getContainer()
      const { default: sweep } = await import("../../src/jobs/sweep-outbox")
      const { default: sample } = await import("../../src/jobs/sample-metrics")
      const { default: purge } = await import("../../src/jobs/purge-expired")
      const { forgetScheduledRuns } = await import("../../src/modules/syncguard/config/schedules")
      // the scheduler may have just run them (their beats were reset with the database): run them now
      forgetScheduledRuns()
      await sweep(container)
      await sample(container)
      await purge(container)
      const health = (await api.get("/admin/syncguard/health", admin)).data
      for (const job of ["syncguard-sweep-outbox", "syncguard-sample-metrics", "syncguard-purge-expired"]) {
        expect(health.jobs.find((j: any) => j.job === job)).toMatchObject({ last_status: "ok", stale: false })
      }
      // a beat older than three intervals is stale
      await syncguard().updateJobHeartbeats({
        selector: { job: "syncguard-sample-metrics" },
        data: { last_finished_at: new Date(Date.now() - 3_600_000) },
      })
      const later = (await api.get("/admin/syncguard/health", admin)).data
      expect(later.jobs.find((j: any) => j.job === "syncguard-sample-metrics").stale).toBe(true)
      expect(later.status).toBe("failing")
    })
  },
})
