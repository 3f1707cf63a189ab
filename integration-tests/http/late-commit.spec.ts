import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { drainUntilSettled } from "../helpers/outbox"
import { runPool } from "../helpers/run-pool"
import { placeOrder, seedStore, Store } from "../helpers/seed"

jest.setTimeout(300_000)

// A remote whose creates sometimes stall past our timeout and commit anyway (a lock wait, a slow
// batch). Timeout 800 ms, stall 1.6 s: without a settle window, the lookup right after the
// timeout finds nothing and the order is sent again. The default window (2 × timeout after the
// attempt ended) outlasts the stall.
const SANDBOX_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const TIMEOUT_MS = 800
const STALL_MS = 1600
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_ERP_TIMEOUT_MS = String(TIMEOUT_MS)
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "400"
process.env.SYNCGUARD_MAX_ATTEMPTS = "40"
process.env.SYNCGUARD_BREAKER_FAILURES = "1000"

medusaIntegrationTestRunner({
  dbName: "syncguard_http_late_commit",
  testSuite: ({ getContainer }) => {
    let sandbox: Sandbox
    let store: Store
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)

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

    const placeMany = async (n: number, tag: string) => {
      const orders: string[] = []
      await runPool(
        Array.from({ length: n }, (_, i) => i),
        4,
        async (i) => {
          orders.push(await placeOrder(getContainer(), store, `${tag}-${i}@syncguard.test`))
        }
      )
      return orders
    }

    const assertExactlyOnce = async (orders: string[]) => {
      const counts = await drainUntilSettled(getContainer(), { expected: orders.length, timeoutMs: 180_000 })
      expect(counts).toMatchObject({ delivered: orders.length, dead: 0 })
      const stats = sandbox.stats()
      // the race was there: creates committed after our timeout
      expect(stats.byOutcome.late_commit).toBeGreaterThan(0)
      expect(stats.orders.duplicates).toBe(0)
      const remote = new Set(sandbox.orders().map((o) => o.external_id))
      expect(orders.every((id) => remote.has(id))).toBe(true)
      return stats
    }

    it("should not duplicate an order a key-ignoring, duplicate-accepting ERP commits after our timeout", async () => {
      sandbox.setFaults({
        seed: 41,
        honourIdempotencyKey: false,
        uniqueExternalId: false,
        lateCommitRate: 0.3,
        lateCommitMs: STALL_MS,
      })
      const orders = await placeMany(24, "late")
      await assertExactlyOnce(orders)
      const attempts = await syncguard().listDeliveryAttempts({}, { take: 2000 })
      // the stalled creates were settled by a lookup once they had committed, not sent again
      expect(attempts.filter((a) => a.outcome === "unknown").length).toBeGreaterThan(0)
      expect(attempts.filter((a) => a.verified_only).length).toBeGreaterThan(0)
      // no message was resent while its earlier attempt could still commit
      const unknownIds = new Set(attempts.filter((a) => a.outcome === "unknown").map((a) => (a as any).message_id))
      const resent = attempts.filter((a) => a.resent_after_lookup)
      for (const r of resent) expect(unknownIds.has((r as any).message_id)).toBe(true)
    })

    it("should not duplicate against an ERP that honours keys but checks before it stalls (check, stall, insert)", async () => {
      sandbox.setFaults({
        seed: 42,
        honourIdempotencyKey: true,
        uniqueExternalId: true,
        lateCommitRate: 0.3,
        lateCommitMs: STALL_MS,
      })
      const orders = await placeMany(24, "keyed")
      await assertExactlyOnce(orders)
    })

    it("should resend, recorded as such, when the window has passed and the remote still has nothing", async () => {
      // the remote accepts the request and never commits it (timeout, nothing stored)
      sandbox.setFaults({ seed: 43, timeoutRate: 1, hangMs: 1200 })
      const [orderId] = await placeMany(1, "never")
      const message = async () => (await syncguard().listOutboxMessages({ entity_id: orderId }))[0]
      const deadline = Date.now() + 30_000
      while (!(await message())?.settle_until && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
      const parked = await message()
      expect(parked.status).toBe("unknown")
      expect(new Date(parked.settle_until!).getTime()).toBeGreaterThan(Date.now() - 60_000)
      sandbox.setFaults({ timeoutRate: 0 })
      const counts = await drainUntilSettled(getContainer(), { expected: 1, timeoutMs: 60_000 })
      expect(counts).toMatchObject({ delivered: 1 })
      const attempts = await syncguard().listDeliveryAttempts({ message_id: parked.id } as any, { take: 50 })
      const resend = attempts.find((a) => a.resent_after_lookup)
      expect(resend).toBeDefined()
      // the resend came only after the window had passed
      expect(new Date(resend!.started_at).getTime()).toBeGreaterThanOrEqual(
        new Date(parked.settle_until!).getTime() - 50
      )
      expect(sandbox.stats().orders.total).toBe(1)
    })
  },
})
