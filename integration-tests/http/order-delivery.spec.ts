import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { whenDispatcherIdle } from "../../src/delivery/fast-path"
import { adminHeaders, placeOrder, seedStore, Store } from "../helpers/seed"
import { runPool } from "../helpers/run-pool"

jest.setTimeout(300_000)

// the app reads its connector's address at boot, before any hook runs: fix the port now
const SANDBOX_PORT = 20_000 + Math.floor(Math.random() * 20_000)
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_ERP_TIMEOUT_MS = "2000"
process.env.SYNCGUARD_RETRY_BASE_MS = "50"
process.env.SYNCGUARD_RETRY_MAX_MS = "1500"
process.env.SYNCGUARD_MAX_ATTEMPTS = "30"

const ORDERS = Number(process.env.SYNCGUARD_INVARIANT_ORDERS || 200)

medusaIntegrationTestRunner({
  dbName: "syncguard_http_order_delivery",
  testSuite: ({ getContainer, api }) => {
    let sandbox: Sandbox
    let store: Store

    beforeAll(async () => {
      sandbox = await createSandbox({ port: SANDBOX_PORT, host: "127.0.0.1" })
    })

    afterAll(async () => {
      await sandbox?.close()
    })

    beforeEach(async () => {
      sandbox.reset()
      sandbox.resetFaults()
      store = await seedStore(getContainer())
    })

    it(`should deliver ${ORDERS} real orders exactly once while the ERP rate-limits, fails and loses acknowledgements`, async () => {
      const container = getContainer()
      sandbox.setFaults({
        seed: 42,
        // while orders come in, the ERP takes one request a second: 429s are certain on any machine
        rateLimit: { rps: 1, burst: 1 },
        errorRate: 0.1,
        lostAckRate: 0.1,
        latencyMs: [0, 15],
        honourIdempotencyKey: true,
      })

      const orderIds: string[] = []
      await runPool(
        Array.from({ length: ORDERS }, (_, i) => i),
        4,
        async (i) => {
          if (i === ORDERS / 2) {
            // the second half meets an ERP that ignores Idempotency-Key: only its unique reference protects it
            sandbox.setFaults({ honourIdempotencyKey: false })
          }
          orderIds.push(await placeOrder(container, store, `buyer-${i}@syncguard.test`))
        }
      )
      expect(orderIds).toHaveLength(ORDERS)
      sandbox.setFaults({ rateLimit: { rps: 40, burst: 10 } })

      const counts = await drainUntilSettled(container, { expected: ORDERS, timeoutMs: 240_000 })
      expect(counts).toMatchObject({
        delivered: ORDERS,
        dead: 0,
        pending: 0,
        in_flight: 0,
        retry_scheduled: 0,
        unknown: 0,
      })

      // every order exists on the remote exactly once, and the outbox knows its remote id
      const stats = sandbox.stats()
      expect(stats.orders.duplicates).toBe(0)
      expect(stats.orders.uniqueExternalIds).toBe(ORDERS)
      const remoteByExternal = new Map(sandbox.orders().map((o) => [o.external_id, o.id]))
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const messages = await syncguard.listOutboxMessages({}, { take: ORDERS * 2 })
      expect(messages).toHaveLength(ORDERS)
      for (const id of orderIds) {
        const message = messages.find((m) => m.entity_id === id)!
        expect(message).toBeDefined()
        expect(message.remote_id).toBe(remoteByExternal.get(id))
      }

      // the faults really happened, and the retries are on record as attempts
      expect(stats.byOutcome.rate_limited).toBeGreaterThan(0)
      expect(stats.byOutcome.error_5xx).toBeGreaterThan(0)
      expect(stats.byOutcome.lost_ack).toBeGreaterThan(0)
      const attempts = await syncguard.listDeliveryAttempts({}, { take: ORDERS * 10 })
      const retried = attempts.filter((a) => a.outcome === "retry" || a.outcome === "unknown")
      expect(retried.length).toBeGreaterThan(0)
      // every order: exactly one successful attempt, plus one per failed try
      expect(attempts.length).toBe(ORDERS + retried.length)
      // lost acknowledgements are recorded as unknown outcomes, settled later by key replay or lookup
      expect(retried.some((a) => a.outcome === "unknown" && a.error_class === "lost_ack")).toBe(true)
      // every request carried the message's key and correlation id
      const posts = sandbox.requests().filter((r) => r.route === "POST /orders")
      expect(
        posts.every(
          (r) => r.idempotencyKey?.startsWith("erp:order.create:order:") && r.correlationId?.startsWith("sgc_")
        )
      ).toBe(true)

      // the admin widget's route reports it
      const { headers } = await adminHeaders(container)
      const res = await api.get(`/admin/syncguard/orders/${orderIds[0]}`, { headers })
      expect(res.status).toBe(200)
      expect(res.data.connectors).toEqual([
        expect.objectContaining({
          connector: "erp",
          status: "delivered",
          remote_id: remoteByExternal.get(orderIds[0]),
        }),
      ])
      // eslint-disable-next-line no-console
      process.stdout.write(
        `\n[invariant] orders=${ORDERS} remote orders=${stats.orders.total} duplicates=${stats.orders.duplicates} lost=${ORDERS - stats.orders.uniqueExternalIds} ` +
          `attempts=${attempts.length} retries=${retried.length} requests=${stats.requests} 429=${stats.byOutcome.rate_limited} ` +
          `5xx=${stats.byOutcome.error_5xx} lost_acks=${stats.byOutcome.lost_ack} replays=${stats.byOutcome.replayed}\n`
      )
    })

    it("should move an order the ERP rejects with a 4xx to dead at once, keeping the ERP's message", async () => {
      const container = getContainer()
      sandbox.setFaults({ down: true })
      const orderId = await placeOrder(container, store, "rejected@syncguard.test")
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      // the fast path meets a down ERP and schedules a retry
      await waitFor(
        async () => (await syncguard.listOutboxMessages({ entity_id: orderId, attempts: { $gt: 0 } })).length > 0
      )
      await whenDispatcherIdle(container)
      sandbox.setFaults({ down: false, rejectExternalIds: [orderId] })
      const [message] = await syncguard.listOutboxMessages({ entity_id: orderId })
      await syncguard.updateOutboxMessages({ id: message.id, next_attempt_at: new Date() })

      const counts = await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      expect(counts).toMatchObject({ dead: 1, delivered: 0 })
      const dead = await syncguard.retrieveOutboxMessage(message.id)
      expect(dead.status).toBe("dead")
      expect(dead.last_http_status).toBe(422)
      expect(dead.last_error).toContain(`customer credit limit exceeded for ${orderId}`)
      const attempts = await syncguard.listDeliveryAttempts(
        { message_id: message.id },
        { order: { attempt_number: "ASC" } }
      )
      expect(attempts[attempts.length - 1]).toMatchObject({
        outcome: "dead",
        http_status: 422,
        error_class: "client_error",
      })
      expect(attempts.slice(0, -1).every((a) => a.outcome === "retry")).toBe(true)

      const { headers } = await adminHeaders(container)
      const list = await api.get(`/admin/syncguard/messages?status=dead`, { headers })
      expect(list.data).toMatchObject({ count: 1, messages: [expect.objectContaining({ id: message.id })] })
      const bad = await api.get(`/admin/syncguard/messages?status=lost`, { headers }).catch((e) => e.response)
      expect(bad.status).toBe(400)

      // the dashboard's dead-letter queue: filtered by the last attempt's error class, with facets
      const dlq = await api.get(`/admin/syncguard/dead-letters?error_class=client_error&connector=erp`, { headers })
      expect(dlq.data).toMatchObject({
        count: 1,
        dead_letters: [expect.objectContaining({ id: message.id, error_class: "client_error", last_http_status: 422 })],
        facets: { connectors: ["erp"], entity_types: ["order"], error_classes: ["client_error"] },
      })
      const none = await api.get(`/admin/syncguard/dead-letters?error_class=timeout`, { headers })
      expect(none.data).toMatchObject({ count: 0, dead_letters: [] })
      const older = await api.get(`/admin/syncguard/dead-letters?created_before=${new Date(0).toISOString()}`, {
        headers,
      })
      expect(older.data.count).toBe(0)
      const badAge = await api
        .get(`/admin/syncguard/dead-letters?created_before=yesterday`, { headers })
        .catch((e) => e.response)
      expect(badAge.status).toBe(400)
      expect(badAge.data.message).toContain("created_before must be an ISO 8601 date-time")
      const widget = await api.get(`/admin/syncguard/orders/${orderId}`, { headers })
      expect(widget.data.connectors[0]).toMatchObject({ message_id: message.id, dead_message_ids: [message.id] })

      // "replay all matching" replays what the filter listed, and it is delivered
      sandbox.setFaults({ rejectExternalIds: [] })
      const replayed = await api.post(
        `/admin/syncguard/dead-letters/replay`,
        { error_class: "client_error" },
        { headers }
      )
      expect(replayed.data).toEqual({ replayed: 1, ids: [message.id] })
      await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      expect((await syncguard.retrieveOutboxMessage(message.id)).status).toBe("delivered")
      expect(sandbox.stats().orders.total).toBe(1)
    })

    it("should answer the dashboard's health history and connector settings, credentials hidden", async () => {
      const container = getContainer()
      const { headers } = await adminHeaders(container)
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      await syncguard.sampleMetrics()
      await syncguard.sampleMetrics()
      const history = await api.get(`/admin/syncguard/health/history?hours=1&connector=erp`, { headers })
      expect(history.data.hours).toBe(1)
      expect(history.data.samples.length).toBeGreaterThanOrEqual(2)
      const [first, second] = history.data.samples
      expect(first).toMatchObject({ connector: "erp", interval_ms: null, depth: expect.any(Object) })
      expect(second.interval_ms).toBeGreaterThanOrEqual(0)
      for (const q of ["hours=0", "hours=100", "hours=two", "connector=no%20such", "extra=1"]) {
        const bad = await api.get(`/admin/syncguard/health/history?${q}`, { headers }).catch((e) => e.response)
        expect([q, bad.status]).toEqual([q, 400])
      }
      const { data } = await api.get(`/admin/syncguard/connectors`, { headers })
      const erp = data.connectors.find((c: any) => c.name === "erp")
      expect(erp.settings).toMatchObject({ kind: "rest", baseUrl: process.env.SYNCGUARD_ERP_URL })
      expect(erp.paused).toBe(false)
    })

    it("should send a cancellation after the create, to the same remote order", async () => {
      const container = getContainer()
      const orderId = await placeOrder(container, store, "cancel@syncguard.test")
      await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      const { cancelOrderWorkflow } = await import("@medusajs/medusa/core-flows")
      await cancelOrderWorkflow(container).run({ input: { order_id: orderId } })
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      await waitFor(async () => (await syncguard.listOutboxMessages({ entity_id: orderId })).length === 2)
      await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      const messages = await syncguard.listOutboxMessages({ entity_id: orderId }, { order: { created_at: "ASC" } })
      expect(messages.map((m) => [m.operation, m.status])).toEqual([
        ["order.create", "delivered"],
        ["order.cancel", "delivered"],
      ])
      expect(messages[1].idempotency_key).toMatch(/^erp:order\.cancel:order:/)
      const remote = sandbox.orders().filter((o) => o.external_id === orderId)
      expect(remote).toHaveLength(1)
      expect(remote[0].status).toBe("canceled")
      expect(sandbox.requests().map((r) => r.route)).toEqual(["POST /orders", "PUT /orders/external/:external_id"])
    })

    it("should add nothing when order.placed is delivered twice", async () => {
      const container = getContainer()
      const orderId = await placeOrder(container, store, "twice@syncguard.test")
      await drainUntilSettled(container, { expected: 1, timeoutMs: 30_000 })
      const { enqueueEntitySyncWorkflow } = await import("../../src/workflows/enqueue-entity-sync")
      const { result } = await enqueueEntitySyncWorkflow(container).run({
        input: { entity_type: "order", entity_id: orderId, operation: "order.create", correlation_id: "sgc_replayed" },
      })
      expect(result).toEqual([])
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      expect(await syncguard.listOutboxMessages({ entity_id: orderId })).toHaveLength(1)
      expect(sandbox.stats().orders.total).toBe(1)
    })
  },
})
