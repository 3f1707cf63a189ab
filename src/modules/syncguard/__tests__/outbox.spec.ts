import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { SYNCGUARD_MODULE } from ".."
import * as models from "../models"
import type SyncguardModuleService from "../service"
import type { EnqueueMessageInput } from "../service"
import { LATE_RESULT_NOTE } from "../service"

jest.setTimeout(60_000)

const message = (entityId: string, overrides: Partial<EnqueueMessageInput> = {}): EnqueueMessageInput => ({
  connector: "erp",
  operation: "order.create",
  entity_type: "order",
  entity_id: entityId,
  idempotency_key: `erp:order.create:order:${entityId}:v1`,
  correlation_id: `sgc_${entityId}`,
  ...overrides,
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

moduleIntegrationTestRunner<SyncguardModuleService>({
  moduleName: SYNCGUARD_MODULE,
  moduleModels: Object.values(models),
  resolve: "./src/modules/syncguard",
  dbName: "syncguard_module_test",
  moduleOptions: {
    connectors: {
      erp: { kind: "rest", baseUrl: "http://127.0.0.1:9", entities: ["order", "customer"] },
      crm: { kind: "rest", baseUrl: "http://127.0.0.1:9", entities: ["customer"] },
    },
    retry: { baseDelayMs: 1000, maxDelayMs: 10_000, maxAttempts: 3 },
  },
  testSuite: ({ service }) => {
    describe("enqueueMessages", () => {
      it("should add nothing for a key it already has", async () => {
        const first = await service.enqueueMessages([message("order_1")])
        const again = await service.enqueueMessages([message("order_1"), message("order_2")])
        expect(first).toHaveLength(1)
        expect(again).toHaveLength(1)
        const [rows, count] = await service.listAndCountOutboxMessages({})
        expect(count).toBe(2)
        expect(rows.every((r) => r.id.startsWith("sgmsg_"))).toBe(true)
        expect(rows.every((r) => r.max_attempts === 3)).toBe(true)
      })
    })

    describe("coalescing", () => {
      it("should join an unsent change of a coalescing entity instead of adding a message, and never a message already tried", async () => {
        const customer = (v: number, at: string) =>
          message("cus_1", {
            operation: "customer.upsert",
            entity_type: "customer",
            idempotency_key: `erp:customer.upsert:customer:cus_1:v${v}`,
            source_changed_at: new Date(at),
            coalesces: true,
          })
        const [first] = await service.enqueueMessages([customer(1, "2026-12-01T10:00:00Z")])
        expect(await service.enqueueMessages([customer(2, "2026-12-01T10:00:05Z")])).toEqual([])
        expect(await service.enqueueMessages([customer(3, "2026-12-01T10:00:09Z")])).toEqual([])
        const rows = await service.listOutboxMessages({ entity_id: "cus_1" })
        expect(rows).toHaveLength(1)
        // the lag clock starts at the newest change the message now stands for
        expect(new Date(rows[0].source_changed_at!).toISOString()).toBe("2026-12-01T10:00:09.000Z")
        // once it is on its way, a newer change needs a message of its own
        await service.claimMessages({ owner: "w", ids: [first] })
        expect(await service.enqueueMessages([customer(4, "2026-12-01T10:00:12Z")])).toHaveLength(1)
      })

      it("should never coalesce orders (each change is delivered)", async () => {
        await service.enqueueMessages([message("order_1", { operation: "order.update", idempotency_key: "a" })])
        expect(
          await service.enqueueMessages([message("order_1", { operation: "order.update", idempotency_key: "b" })])
        ).toHaveLength(1)
      })
    })

    describe("claimMessages", () => {
      it("should give two concurrent claims disjoint sets", async () => {
        await service.enqueueMessages(Array.from({ length: 60 }, (_, i) => message(`order_${i}`)))
        const [a, b, c] = await Promise.all([
          service.claimMessages({ owner: "worker-a", limit: 25 }),
          service.claimMessages({ owner: "worker-b", limit: 25 }),
          service.claimMessages({ owner: "worker-c", limit: 25 }),
        ])
        const ids = [...a, ...b, ...c].map((m) => m.id)
        expect(new Set(ids).size).toBe(ids.length)
        expect(ids).toHaveLength(60)
        expect(a.every((m) => m.lease_owner === "worker-a" && m.attempts === 1)).toBe(true)
        // everything is leased: nothing left to claim
        expect(await service.claimMessages({ owner: "worker-d" })).toHaveLength(0)
      })

      it("should hand an expired lease to another worker and fence the late result", async () => {
        await service.enqueueMessages([message("order_1")])
        const [mine] = await service.claimMessages({ owner: "crashed", leaseMs: 1000 })
        expect(await service.claimMessages({ owner: "other" })).toHaveLength(0)
        await sleep(1100)
        const [taken] = await service.claimMessages({ owner: "other" })
        expect(taken.id).toBe(mine.id)
        expect(taken.attempts).toBe(2)

        const late = await service.recordAttempt({
          message: mine,
          owner: "crashed",
          startedAt: new Date(),
          endedAt: new Date(),
          result: { outcome: "delivered", remoteId: "R-late", httpStatus: 201 },
        })
        expect(late.fenced).toBe(true)
        const [lateAttempt] = await service.listDeliveryAttempts({ message_id: mine.id })
        expect(lateAttempt.error_message).toBe(LATE_RESULT_NOTE)
        const row = await service.retrieveOutboxMessage(mine.id)
        expect(row.status).toBe("in_flight")
        expect(row.lease_owner).toBe("other")
      })

      it("should not claim a message before its next attempt time", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "w" })
        const decision = await service.recordAttempt({
          message: claimed,
          owner: "w",
          startedAt: new Date(),
          endedAt: new Date(),
          result: {
            outcome: "retryable",
            errorClass: "rate_limited",
            message: "slow down",
            httpStatus: 429,
            retryAfterMs: 60_000,
          },
        })
        expect(decision.status).toBe("retry_scheduled")
        expect(await service.claimMessages({ owner: "w" })).toHaveLength(0)
      })

      it("should hold an update back until the create before it is finished", async () => {
        await service.enqueueMessages([message("order_1")])
        await service.enqueueMessages([
          message("order_1", { operation: "order.update", idempotency_key: "erp:order.update:order:order_1:v2" }),
        ])
        const first = await service.claimMessages({ owner: "w" })
        expect(first.map((m) => m.operation)).toEqual(["order.create"])
        expect(await service.claimMessages({ owner: "w" })).toHaveLength(0)
        await service.recordAttempt({
          message: first[0],
          owner: "w",
          startedAt: new Date(),
          endedAt: new Date(),
          result: { outcome: "delivered", remoteId: "R1", httpStatus: 201 },
        })
        const second = await service.claimMessages({ owner: "w" })
        expect(second.map((m) => m.operation)).toEqual(["order.update"])
      })
    })

    describe("dependencies and unknown outcomes", () => {
      it("should hold a message until the one it depends on is delivered", async () => {
        const [customerMsg] = await service.enqueueMessages([
          message("cus_1", {
            entity_type: "customer",
            operation: "customer.upsert",
            idempotency_key: "erp:customer.upsert:customer:cus_1:v1",
          }),
        ])
        await service.enqueueMessages([message("order_1", { depends_on_id: customerMsg })])
        const first = await service.claimMessages({ owner: "w" })
        expect(first.map((m) => m.entity_type)).toEqual(["customer"])
        expect(await service.claimMessages({ owner: "w" })).toHaveLength(0)
        await service.recordAttempt({
          message: first[0],
          owner: "w",
          startedAt: new Date(),
          endedAt: new Date(),
          result: { outcome: "delivered", remoteId: "C-1", httpStatus: 200 },
        })
        const [order] = await service.claimMessages({ owner: "w" })
        expect(order).toMatchObject({ entity_id: "order_1", depends_on_id: customerMsg })
        // delivering a customer teaches the identity mapping
        expect(await service.findRemoteCustomerId("erp", "cus_1")).toBe("C-1")
      })

      it("should say what a message was before it was claimed, so a lost claim is verified", async () => {
        await service.enqueueMessages([message("order_1")])
        const [fresh] = await service.claimMessages({ owner: "a", leaseMs: 1000 })
        expect(fresh.prev_status).toBe("pending")
        await sleep(1100)
        const [reclaimed] = await service.claimMessages({ owner: "b" })
        expect(reclaimed.prev_status).toBe("in_flight")
        const decision = await service.recordAttempt({
          message: reclaimed,
          owner: "b",
          startedAt: new Date(),
          endedAt: new Date(),
          result: { outcome: "unknown", errorClass: "lost_ack", message: "socket hang up", httpStatus: null },
        })
        expect(decision.status).toBe("unknown")
        await service.updateOutboxMessages({ id: reclaimed.id, next_attempt_at: new Date(0) })
        const [again] = await service.claimMessages({ owner: "c" })
        expect(again.prev_status).toBe("unknown")
      })

      it("should renew a lease only for its owner, and never once it has expired", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "slow", leaseMs: 1000 })
        expect(await service.renewLease({ id: claimed.id, owner: "slow", leaseMs: 1000 })).toBe(true)
        expect(await service.renewLease({ id: claimed.id, owner: "other" })).toBe(false)
        await sleep(1100)
        // expired: the slow worker must not send, even though nobody has reclaimed it yet
        expect(await service.renewLease({ id: claimed.id, owner: "slow" })).toBe(false)
        const [taken] = await service.claimMessages({ owner: "fast" })
        expect(taken.id).toBe(claimed.id)
        expect(await service.renewLease({ id: claimed.id, owner: "slow" })).toBe(false)
      })

      it("should give back a deferred claim without spending the attempt", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "w" })
        expect(
          await service.releaseClaim({
            id: claimed.id,
            owner: "w",
            nextAttemptAt: new Date(0),
            prevStatus: claimed.prev_status,
          })
        ).toBe(true)
        const row = await service.retrieveOutboxMessage(claimed.id)
        expect(row).toMatchObject({ status: "pending", attempts: 0, lease_owner: null })
      })

      it("should keep a settle time on an attempt that may still commit, and on a claim parked until then", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "w" })
        const endedAt = new Date()
        const decision = await service.recordAttempt({
          message: claimed,
          owner: "w",
          startedAt: endedAt,
          endedAt,
          result: {
            outcome: "unknown",
            errorClass: "timeout",
            message: "ECONNABORTED",
            httpStatus: null,
            mayStillCommit: true,
          },
        })
        // the erp connector's default window: 2 × its 10 s timeout
        expect(decision.settleUntil!.getTime() - endedAt.getTime()).toBe(20_000)
        const row = await service.retrieveOutboxMessage(claimed.id)
        expect(row.status).toBe("unknown")
        expect(new Date(row.settle_until!).getTime()).toBe(decision.settleUntil!.getTime())

        await service.updateOutboxMessages({ id: claimed.id, next_attempt_at: new Date(0) })
        const [again] = await service.claimMessages({ owner: "w2" })
        expect(again.settle_until).toEqual(row.settle_until)
        const parkUntil = new Date(Date.now() + 30_000)
        await service.releaseClaim({
          id: again.id,
          owner: "w2",
          nextAttemptAt: parkUntil,
          prevStatus: again.prev_status,
          settleUntil: parkUntil,
        })
        expect(await service.retrieveOutboxMessage(again.id)).toMatchObject({
          status: "unknown",
          attempts: 1,
          next_attempt_at: parkUntil,
          settle_until: parkUntil,
        })
      })

      it("should record a resend after a negative lookup on its attempt", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "w" })
        await service.recordAttempt({
          message: claimed,
          owner: "w",
          startedAt: new Date(),
          endedAt: new Date(),
          resentAfterLookup: true,
          result: { outcome: "delivered", remoteId: "R1", httpStatus: 201 },
        })
        const [attempt] = await service.listDeliveryAttempts({})
        expect(attempt).toMatchObject({ resent_after_lookup: true, verified_only: false, outcome: "delivered" })
      })

      it("should replay dead letters as unknown with a new key generation, and undo it", async () => {
        await service.enqueueMessages([
          message("order_1"),
          message("order_2", { connector: "crm", idempotency_key: "crm:x" }),
        ])
        for (const m of await service.claimMessages({ owner: "w" })) {
          await service.recordAttempt({
            message: m,
            owner: "w",
            startedAt: new Date(),
            endedAt: new Date(),
            result: {
              outcome: "permanent",
              errorClass: "client_error",
              message: "credit limit exceeded",
              httpStatus: 422,
            },
          })
        }
        const replayed = await service.replayDeadLetters({ connector: "erp", error_contains: "credit" })
        expect(replayed).toHaveLength(1)
        const row = await service.retrieveOutboxMessage(replayed[0].id)
        expect(row).toMatchObject({
          status: "unknown",
          attempts: 0,
          idempotency_key: "erp:order.create:order:order_1:v1:replay1",
        })
        await service.restoreDeadLetters(replayed)
        expect(await service.retrieveOutboxMessage(replayed[0].id)).toMatchObject({
          status: "dead",
          attempts: 1,
          idempotency_key: "erp:order.create:order:order_1:v1",
        })
      })
    })

    describe("recordAttempt", () => {
      it("should send a permanent 4xx to dead with the remote's error, and record the attempt", async () => {
        await service.enqueueMessages([message("order_1")])
        const [claimed] = await service.claimMessages({ owner: "w" })
        const decision = await service.recordAttempt({
          message: claimed,
          owner: "w",
          startedAt: new Date(Date.now() - 20),
          endedAt: new Date(),
          result: {
            outcome: "permanent",
            errorClass: "client_error",
            message: "credit limit exceeded",
            httpStatus: 422,
          },
        })
        expect(decision.status).toBe("dead")
        const row = await service.retrieveOutboxMessage(claimed.id)
        expect(row).toMatchObject({ status: "dead", last_http_status: 422, lease_owner: null, attempts: 1 })
        expect(row.last_error).toContain("credit limit exceeded")
        const attempts = await service.listDeliveryAttempts({ message_id: claimed.id })
        expect(attempts).toEqual([
          expect.objectContaining({
            attempt_number: 1,
            outcome: "dead",
            http_status: 422,
            error_class: "client_error",
          }),
        ])
        expect(attempts[0].duration_ms).toBeGreaterThanOrEqual(20)
      })

      it("should go dead once max attempts are spent", async () => {
        await service.enqueueMessages([message("order_1")])
        let status = ""
        for (let i = 0; i < 3; i++) {
          // make the retry due at once
          await service.updateOutboxMessages({
            id: (await service.listOutboxMessages({}))[0].id,
            next_attempt_at: new Date(0),
          })
          const [claimed] = await service.claimMessages({ owner: "w" })
          expect(claimed.attempts).toBe(i + 1)
          status = (
            await service.recordAttempt({
              message: claimed,
              owner: "w",
              startedAt: new Date(),
              endedAt: new Date(),
              result: { outcome: "retryable", errorClass: "server_error", message: "HTTP 503", httpStatus: 503 },
            })
          ).status
        }
        expect(status).toBe("dead")
        expect(await service.countByStatus()).toMatchObject({ dead: 1, pending: 0 })
      })
    })
  },
})
