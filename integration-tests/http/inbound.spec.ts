import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import {
  createCustomerAddressesWorkflow,
  createCustomersWorkflow,
  createPriceListsWorkflow,
  createRegionsWorkflow,
  updateCustomerAddressesWorkflow,
  updateCustomersWorkflow,
  updatePriceListsWorkflow,
} from "@medusajs/medusa/core-flows"
import { createSandbox, Sandbox } from "../../sandbox"
import { whenInboundIdle } from "../../src/inbound/fast-path"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { CapturedAlert, startAlertCapture } from "../helpers/alerts"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, placeOrder } from "../helpers/seed"
import { addShippingOption, placeShippableOrder } from "../helpers/shipping"
import { addStockedSku, seedStockedStore, setStocked, StockedStore } from "../helpers/stock"
import { Webhook } from "standardwebhooks"
import fc from "fast-check"
import { newWebhookSecret, signedPush } from "../helpers/webhooks"

jest.setTimeout(300_000)

// A real Medusa app receiving an ERP's pushes, signed per Standard Webhooks with two secrets (an
// old and a new one, mid-rotation); the ERP owns stock, order status, phone, company and credit
// status, and prices in region "US"; Medusa owns the rest.
const ERP_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const ALERT_PORT = ERP_PORT + 1
const OLD_SECRET = newWebhookSecret()
const NEW_SECRET = newWebhookSecret()
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${ERP_PORT}`
process.env.SYNCGUARD_ERP_ENTITIES = "order,customer"
process.env.SYNCGUARD_CRM_URL = "off"
process.env.SYNCGUARD_INVOICES_CONNECTOR = "erp"
process.env.SYNCGUARD_ERP_WEBHOOK_SECRETS = `${OLD_SECRET},${NEW_SECRET}`
process.env.SYNCGUARD_OWNERSHIP = JSON.stringify({
  inventory: { default: "erp" },
  order: { default: "medusa", fields: { status: "erp" } },
  customer: { default: "medusa", fields: { phone: "erp", company_name: "erp", credit_status: "erp" } },
  price: { default: "medusa", fields: { amount: { regions: { us: "erp" } } } },
})
process.env.SYNCGUARD_ALERT_WEBHOOK_URL = `http://127.0.0.1:${ALERT_PORT}/alerts`
process.env.SYNCGUARD_RETRY_BASE_MS = "100"
process.env.SYNCGUARD_RETRY_MAX_MS = "300"
process.env.SYNCGUARD_MAX_ATTEMPTS = "3"
process.env.SYNCGUARD_INBOUND_SWEEP_INTERVAL_MS = "300"

const HOOK = "/hooks/syncguard/erp"
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

medusaIntegrationTestRunner({
  dbName: "syncguard_http_inbound",
  testSuite: ({ getContainer, api }) => {
    let erp: Sandbox
    let store: StockedStore
    let admin: { headers: Record<string, string> }
    let alerts: CapturedAlert[] = []
    let closeAlerts: () => Promise<void>
    let seq = 1000
    const syncguard = () => getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)

    const send = (
      push: { body: string; headers: Record<string, string> },
      headers: Record<string, string | undefined> = {}
    ) => {
      const merged = Object.fromEntries(
        Object.entries({ ...push.headers, ...headers }).filter(([, v]) => v !== undefined)
      ) as Record<string, string>
      return api.post(HOOK, push.body, { headers: merged, validateStatus: () => true, transformRequest: (d: any) => d })
    }
    const push = (type: string, data: Record<string, unknown>, opts: { id?: string; secret?: string } = {}) =>
      send(signedPush(type, data, { secret: opts.secret ?? NEW_SECRET, id: opts.id }))

    const eventOf = async (webhookId: string) => {
      const [row] = await syncguard().listInboundEvents({ connector: "erp", event_id: webhookId })
      return row as any
    }
    /** the event as it ended up once applied (or dead) */
    const settled = async (webhookId: string) => {
      await waitFor(async () => {
        await whenInboundIdle(getContainer())
        const row = await eventOf(webhookId)
        return !!row && (row.status === "applied" || row.status === "dead")
      }, 30_000)
      return eventOf(webhookId)
    }
    const stocked = async (sku: string) => {
      const v = store.variants.find((x) => x.sku === sku)!
      const [level] = await getContainer()
        .resolve(Modules.INVENTORY)
        .listInventoryLevels({ inventory_item_id: v.inventoryItemId, location_id: store.locationId })
      return Number(level.stocked_quantity)
    }
    const setStockedLevel = (sku: string, quantity: number) => setStocked(getContainer(), store, sku, quantity)
    const customer = async (id: string) =>
      (await getContainer()
        .resolve(Modules.CUSTOMER)
        .retrieveCustomer(id, { relations: ["addresses"] })) as any
    const newCustomer = async (email: string, extra: Record<string, unknown> = {}) => {
      const { result } = await createCustomersWorkflow(getContainer()).run({
        input: {
          customersData: [{ email, first_name: "Grace", last_name: "Hopper", phone: "+31 600000001", ...extra }],
        },
      })
      return result[0]
    }

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
      store = await seedStockedStore(getContainer(), [
        { sku: "IN-A", quantity: 10 },
        { sku: "IN-B", quantity: 10 },
        { sku: "IN-C", quantity: 10 },
      ])
      admin = await adminHeaders(getContainer())
      alerts.length = 0
    })

    describe("signatures (Standard Webhooks)", () => {
      it("accepts a valid push under either secret of a rotation, and refuses every forgery with a 401 that records nothing", async () => {
        const data = { sku: "IN-A", location_id: store.locationId, adjustment: 1, operation_id: "sig-valid" }
        const valid = await push("inventory.level.adjust", data)
        expect(valid.status).toBe(200)
        expect(valid.data.duplicate).toBe(false)
        const rotated = await push(
          "inventory.level.adjust",
          { ...data, operation_id: "sig-old" },
          { secret: OLD_SECRET }
        )
        expect(rotated.status).toBe(200)

        const forged = (
          mutate: (p: ReturnType<typeof signedPush>) => { body: string; headers: Record<string, string> }
        ) => {
          const p = signedPush(
            "inventory.level.adjust",
            { ...data, adjustment: 1000, operation_id: `forged-${Math.random()}` },
            { secret: NEW_SECRET }
          )
          return { id: p.id, request: mutate(p) }
        }
        const minutes = (m: number) => new Date(Date.now() + m * 60_000)
        const cases: Array<[string, ReturnType<typeof forged>, RegExp]> = [
          [
            "wrong secret",
            forged((p) => ({
              ...p,
              headers: signedPush("x", {}, { secret: newWebhookSecret(), id: p.id }).headers,
              body: p.body,
            })),
            /signature/,
          ],
          [
            "tampered body",
            forged((p) => ({ ...p, body: p.body.replace('"adjustment":1000', '"adjustment":2000') })),
            /does not match/,
          ],
          [
            "stale timestamp",
            forged((p) => {
              const s = signedPush("inventory.level.adjust", JSON.parse(p.body).data, {
                secret: NEW_SECRET,
                id: p.id,
                at: minutes(-6),
              })
              return s
            }),
            /in the past/,
          ],
          [
            "future timestamp",
            forged((p) =>
              signedPush("inventory.level.adjust", JSON.parse(p.body).data, {
                secret: NEW_SECRET,
                id: p.id,
                at: minutes(6),
              })
            ),
            /in the future/,
          ],
        ]
        for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
          cases.push([
            `missing ${header}`,
            forged((p) => ({ ...p, headers: { ...p.headers, [header]: "" } })),
            /Missing Standard Webhooks headers/,
          ])
        }
        const before = (await syncguard().inboundEvents({ connector: "erp" })).count
        for (const [name, c, message] of cases) {
          const r = await send(c.request)
          expect({ name, status: r.status }).toEqual({ name, status: 401 })
          expect(r.data.message).toMatch(message)
          expect(await eventOf(c.id)).toBeUndefined()
        }
        expect((await syncguard().inboundEvents({ connector: "erp" })).count).toBe(before)

        await settled(valid.config.headers["webhook-id"])
        await settled(rotated.config.headers["webhook-id"])
        await waitFor(async () => (await stocked("IN-A")) === 12)
        // nothing of the forged pushes reached stock (each carried +1000 or +2000)
        await sleep(500)
        expect(await stocked("IN-A")).toBe(12)
        const { data: health } = await api.get("/admin/syncguard/health", admin)
        const erpHealth = health.connectors.find((c: any) => c.name === "erp")
        expect(erpHealth.inbound.rejected.signature).toBeGreaterThanOrEqual(cases.length)
      })

      it("answers a verified body that is not an event with 400 or 422 naming what is wrong", async () => {
        const raw = (body: string) => {
          const p = signedPush("x", {}, { secret: NEW_SECRET })
          const at = new Date()
          return send({
            body,
            headers: {
              ...p.headers,
              "webhook-signature": new Webhook(NEW_SECRET).sign(p.id, at, body),
              "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            },
          })
        }
        const notJson = await raw("{nope")
        expect(notJson.status).toBe(400)
        expect(notJson.data.message).toMatch(/JSON/)
        const unknown = await push("inventory.level.teleport", { sku: "IN-A" })
        expect(unknown.status).toBe(422)
        expect(unknown.data.message).toMatch(
          /Unknown event type "inventory.level.teleport"; known: inventory.level.set/
        )
        const invalid = await push("inventory.level.set", { sku: "IN-A", stocked_quantity: -3 })
        expect(invalid.status).toBe(422)
        expect(invalid.data.message).toMatch(/data.stocked_quantity/)
        expect(invalid.data.message).toMatch(/sequence/)
      })

      it("checks the signature over the raw body before parsing it, and counts every refusal in health", async () => {
        const signedRaw = (body: string, secret = NEW_SECRET) => {
          const id = `msg_raw_${Math.random().toString(36).slice(2)}`
          const at = new Date()
          return {
            body,
            headers: {
              "content-type": "application/json",
              "webhook-id": id,
              "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
              "webhook-signature": new Webhook(secret).sign(id, at, body),
            },
          }
        }
        const rejected = async () => {
          const { data: health } = await api.get("/admin/syncguard/health", admin)
          const r = health.connectors.find((c: any) => c.name === "erp").inbound.rejected
          return { signature: r.signature ?? 0, body: r.body ?? 0 }
        }
        const before = await rejected()
        const bodies = ["{nope", "null", "42", '"a string"', "[1,2]", "not json at all"]

        // forged: whatever the body, the answer is the signature's
        for (const body of bodies) {
          const r = await send(signedRaw(body, newWebhookSecret()))
          expect({ body, status: r.status }).toEqual({ body, status: 401 })
          expect(r.data.message).toMatch(/webhook-signature does not match the body/)
        }
        // signed: the body's own answer, in the README's words
        for (const body of ["{nope", "not json at all"]) {
          const r = await send(signedRaw(body))
          expect({ body, status: r.status, message: r.data.message }).toEqual({
            body,
            status: 400,
            message: "The body is not JSON",
          })
        }
        for (const body of ["null", "42", '"a string"', "[1,2]"]) {
          const r = await send(signedRaw(body))
          expect({ body, status: r.status }).toEqual({ body, status: 422 })
          expect(r.data.message).toMatch(/^Not an inbound event: body: .* \(expected \{ type, timestamp, data \}\)$/)
        }
        // no body, and one past the size limit: refused before any signature is looked at
        const empty = await send(signedRaw(""))
        expect([empty.status, empty.data.message]).toEqual([400, "Expected a JSON body"])
        const huge = await send(
          signedRaw(JSON.stringify({ type: "inventory.level.set", data: { sku: "x".repeat(300 * 1024) } }))
        )
        expect([huge.status, huge.data.message]).toEqual([413, "The body is larger than 256 kB"])

        const after = await rejected()
        expect(after.signature - before.signature).toBe(bodies.length)
        expect(after.body - before.body).toBe(2 + 4 + 2)
      })
    })

    describe("exactly once", () => {
      it("records and applies an event id sent 20 times at once exactly once; every copy is answered 200", async () => {
        const p = signedPush(
          "inventory.level.adjust",
          { sku: "IN-B", location_id: store.locationId, adjustment: -3, operation_id: "burst-1" },
          { secret: NEW_SECRET }
        )
        const answers = await Promise.all(Array.from({ length: 20 }, () => send(p)))
        expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
        expect(answers.filter((a) => a.data.duplicate === false)).toHaveLength(1)
        expect(new Set(answers.map((a) => a.data.id)).size).toBe(1)
        const row = await settled(p.id)
        expect(row.outcome).toBe("applied")
        expect(await syncguard().listInboundEvents({ event_id: p.id })).toHaveLength(1)
        expect(await stocked("IN-B")).toBe(7)
      })

      it("applies an inventory.level.adjust once when the webhook and a retry under a new event id both carry it", async () => {
        const data = { sku: "IN-C", location_id: store.locationId, adjustment: 5, operation_id: `op-${Date.now()}` }
        const first = await push("inventory.level.adjust", data)
        const retry = await push("inventory.level.adjust", data)
        expect(first.data.id).not.toBe(retry.data.id)
        const outcomes = [
          (await settled(first.config.headers["webhook-id"])).outcome,
          (await settled(retry.config.headers["webhook-id"])).outcome,
        ]
        expect(outcomes.sort()).toEqual(["applied", "duplicate"])
        expect(await stocked("IN-C")).toBe(15)
      })

      it("after a worker died between recording a delta and applying it, applies it once: not yet, or already, judged from the level", async () => {
        const v = store.variants.find((x) => x.sku === "IN-A")!
        const subject = `inventory:${v.inventoryItemId}:${store.locationId}`
        // died before the change: the ledger says applying, the level is as it was
        await syncguard().beginInboundOperation({
          connector: "erp",
          operationId: "crash-before",
          subject,
          delta: 4,
          version: null,
          stockedBefore: 10,
          eventId: "sgin_dead",
        })
        const before = await push("inventory.level.adjust", {
          sku: "IN-A",
          location_id: store.locationId,
          adjustment: 4,
          operation_id: "crash-before",
        })
        expect((await settled(before.config.headers["webhook-id"])).outcome).toBe("applied")
        expect(await stocked("IN-A")).toBe(14)
        // died after the change: the level moved by exactly the delta, so it is not applied again
        await syncguard().beginInboundOperation({
          connector: "erp",
          operationId: "crash-after",
          subject,
          delta: -2,
          version: null,
          stockedBefore: 14,
          eventId: "sgin_dead",
        })
        await setStockedLevel("IN-A", 12)
        const after = await push("inventory.level.adjust", {
          sku: "IN-A",
          location_id: store.locationId,
          adjustment: -2,
          operation_id: "crash-after",
        })
        expect((await settled(after.config.headers["webhook-id"])).outcome).toBe("duplicate")
        expect(await stocked("IN-A")).toBe(12)
        // the level moved otherwise since: nobody can tell, so a person decides (dead, alerted), never a guess
        await syncguard().beginInboundOperation({
          connector: "erp",
          operationId: "crash-unclear",
          subject,
          delta: 3,
          version: null,
          stockedBefore: 5,
          eventId: "sgin_dead",
        })
        const unclear = await push("inventory.level.adjust", {
          sku: "IN-A",
          location_id: store.locationId,
          adjustment: 3,
          operation_id: "crash-unclear",
        })
        const row = await settled(unclear.config.headers["webhook-id"])
        expect(row.status).toBe("dead")
        expect(row.last_error).toMatch(/was interrupted and the level moved since/)
        expect(await stocked("IN-A")).toBe(12)
      })

      it("still applies a delta once when it is delivered again after its event was purged", async () => {
        const p = signedPush(
          "inventory.level.adjust",
          { sku: "IN-B", location_id: store.locationId, adjustment: 2, operation_id: "purged-op" },
          { secret: NEW_SECRET }
        )
        await send(p)
        expect((await settled(p.id)).outcome).toBe("applied")
        await sleep(20)
        const purged = await syncguard().purgeExpired({
          snapshotsOlderThanMs: 3_600_000,
          samplesOlderThanMs: 3_600_000,
          inboundOlderThanMs: 0,
        })
        expect(purged.inbound_events).toBeGreaterThanOrEqual(1)
        expect(await eventOf(p.id)).toBeUndefined()
        const again = await send(
          signedPush("inventory.level.adjust", JSON.parse(p.body).data, { secret: NEW_SECRET, id: p.id })
        )
        expect(again.data.duplicate).toBe(false)
        expect((await settled(p.id)).outcome).toBe("duplicate")
        expect(await stocked("IN-B")).toBe(12)
      })

      it("ignores and counts an inventory.level.set older than the one applied", async () => {
        const newer = await push("inventory.level.set", {
          sku: "IN-A",
          location_id: store.locationId,
          stocked_quantity: 40,
          sequence: 5,
        })
        expect((await settled(newer.config.headers["webhook-id"])).outcome).toBe("applied")
        const older = await push("inventory.level.set", {
          sku: "IN-A",
          location_id: store.locationId,
          stocked_quantity: 99,
          sequence: 3,
        })
        const row = await settled(older.config.headers["webhook-id"])
        expect(row.outcome).toBe("stale")
        expect(row.detail.applied_version).toBe(5)
        expect(await stocked("IN-A")).toBe(40)
        const { data } = await api.get("/admin/syncguard/inbound-events?type=inventory.level.set", admin)
        expect(data.events.filter((e: any) => e.outcome === "stale").length).toBeGreaterThanOrEqual(1)
      })
    })

    describe("order-independence (fast-check, through the route)", () => {
      it("ends where applying each distinct event once in sequence order ends, whatever the interleaving of duplicates, stale and out-of-order events", async () => {
        const event = fc.oneof(
          fc.record({ kind: fc.constant("set" as const), quantity: fc.integer({ min: 50, max: 200 }) }),
          fc.record({
            kind: fc.constant("adjust" as const),
            delta: fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0),
          })
        )
        const history = fc.array(event, { minLength: 2, maxLength: 8 }).chain((events) =>
          fc.record({
            events: fc.constant(events),
            // distinct versions in random order of arrival
            versions: fc.shuffledSubarray(
              [...Array(events.length).keys()].map((i) => i + 1),
              {
                minLength: events.length,
                maxLength: events.length,
              }
            ),
            copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: events.length, maxLength: events.length }),
            resendUnderNewId: fc.array(fc.boolean(), { minLength: events.length, maxLength: events.length }),
            order: fc.integer(),
          })
        )
        let run = 0
        await fc.assert(
          fc.asyncProperty(history, async ({ events, versions, copies, resendUnderNewId, order }) => {
            run += 1
            const sku = `PROP-${Date.now()}-${run}`
            const added = await addStockedSku(getContainer(), store, sku, 50)
            const numbered = events.map((e, i) => ({ ...e, version: versions[i], op: `${sku}-op-${i}` }))
            const deliveries: Array<ReturnType<typeof signedPush>> = []
            for (const [i, e] of numbered.entries()) {
              const data =
                e.kind === "set"
                  ? { sku, location_id: store.locationId, stocked_quantity: e.quantity, sequence: e.version }
                  : { sku, location_id: store.locationId, adjustment: e.delta, operation_id: e.op, sequence: e.version }
              const type = e.kind === "set" ? "inventory.level.set" : "inventory.level.adjust"
              const first = signedPush(type, data, { secret: NEW_SECRET })
              for (let c = 0; c < copies[i]; c++) deliveries.push(first)
              // a sender that retries under a new event id: the operation id still makes it once
              if (resendUnderNewId[i]) deliveries.push(signedPush(type, data, { secret: OLD_SECRET }))
            }
            const shuffled = fc.sample(
              fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }),
              { numRuns: 1, seed: order }
            )[0]
            for (let i = 0; i < shuffled.length; i += 3) {
              const answers = await Promise.all(shuffled.slice(i, i + 3).map((d) => send(d)))
              expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200))
            }
            for (const d of shuffled) await settled(d.id)

            let expected = 50
            for (const e of [...numbered].sort((a, b) => a.version - b.version)) {
              expected = e.kind === "set" ? e.quantity : expected + e.delta
            }
            const [level] = await getContainer().resolve(Modules.INVENTORY).listInventoryLevels({
              inventory_item_id: added.inventoryItemId,
              location_id: store.locationId,
            })
            expect(Number(level.stocked_quantity)).toBe(expected)
          }),
          { numRuns: 6 }
        )
      })
    })

    describe("field ownership", () => {
      it("applies the sender's fields and turns the others into conflicts with both values, alerted once", async () => {
        const c = await newCustomer(`own-${Date.now()}@example.com`)
        const r = await push("customer.updated", {
          customer_id: c.id,
          phone: "+31 699999999",
          company_name: "Hopper BV",
          credit_status: "blocked",
          first_name: "Amazing",
          sequence: ++seq,
        })
        const row = await settled(r.config.headers["webhook-id"])
        expect(row.outcome).toBe("partial")
        const now = await customer(c.id)
        expect(now.phone).toBe("+31 699999999")
        expect(now.company_name).toBe("Hopper BV")
        expect(now.metadata.credit_status).toBe("blocked")
        expect(now.first_name).toBe("Grace")
        const { data } = await api.get(`/admin/syncguard/conflicts?entity_id=${c.id}&status=open`, admin)
        expect(data.conflicts).toHaveLength(1)
        expect(data.conflicts[0]).toMatchObject({
          entity_type: "customer",
          field: "first_name",
          incoming_value: "Amazing",
          current_value: "Grace",
          owner: "medusa",
          sender: "erp",
          event_id: row.id,
          status: "open",
        })
        // the same write again: the open conflict counts it, no second conflict, no second alert
        const again = await push("customer.updated", { customer_id: c.id, first_name: "Amazing", sequence: ++seq })
        await settled(again.config.headers["webhook-id"])
        const { data: after } = await api.get(`/admin/syncguard/conflicts?entity_id=${c.id}`, admin)
        expect(after.conflicts).toHaveLength(1)
        expect(after.conflicts[0].occurrences).toBe(2)
        await waitFor(async () => alerts.some((a) => a.kind === "field_conflict"))
        expect(alerts.filter((a) => a.kind === "field_conflict" && a.data.entity_id === c.id)).toHaveLength(1)
      })

      it("decides a price by region: the ERP's in US, Medusa's in NL and where no region is named", async () => {
        const {
          result: [us],
        } = await createRegionsWorkflow(getContainer()).run({
          input: { regions: [{ name: "US", currency_code: "usd", countries: ["us"] }] },
        })
        const variantId = store.variants[0].variantId
        const inUs = await push("price.updated", {
          sku: "IN-A",
          currency_code: "usd",
          region: "us",
          amount: 25,
          sequence: ++seq,
        })
        expect((await settled(inUs.config.headers["webhook-id"])).outcome).toBe("applied")
        const inNl = await push("price.updated", {
          sku: "IN-A",
          currency_code: "eur",
          region: "NL",
          amount: 30,
          sequence: ++seq,
        })
        expect((await settled(inNl.config.headers["webhook-id"])).outcome).toBe("conflict")
        const noRegion = await push("price.updated", {
          variant_id: variantId,
          currency_code: "eur",
          amount: 31,
          sequence: ++seq,
        })
        expect((await settled(noRegion.config.headers["webhook-id"])).outcome).toBe("conflict")

        const prices = await pricesOf(variantId)
        expect(prices.find((p) => p.currency_code === "usd" && p.region_id === us.id)?.amount).toBe(25)
        // the euro price Medusa owns is untouched, and no other price was lost on the way
        expect(prices.find((p) => p.currency_code === "eur" && !p.region_id)?.amount).toBe(20)
        const { data } = await api.get(`/admin/syncguard/conflicts?entity_type=price&entity_id=${variantId}`, admin)
        expect(
          data.conflicts
            .map((c: any) => [
              c.region === null ? null : "nl",
              c.incoming_value.amount,
              c.current_value?.amount ?? null,
            ])
            .sort()
        ).toEqual(
          [
            ["nl", 30, null],
            [null, 31, 20],
          ].sort()
        )
      })

      it("lets an admin override the map at runtime, validated, and removes the override again", async () => {
        const bad = await api.post(
          "/admin/syncguard/ownership",
          { rules: [{ entity_type: "inventory", field: "colour", owner: "medusa" }] },
          { ...admin, validateStatus: () => true }
        )
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/inventory has no ownable field "colour"; its fields are stocked_quantity/)
        const unknownOwner = await api.post(
          "/admin/syncguard/ownership",
          { rules: [{ entity_type: "inventory", owner: "sap" }] },
          { ...admin, validateStatus: () => true }
        )
        expect(unknownOwner.status).toBe(400)
        expect(unknownOwner.data.message).toMatch(/Unknown owner "sap"/)

        const { data } = await api.post(
          "/admin/syncguard/ownership",
          { rules: [{ entity_type: "inventory", owner: "medusa" }] },
          admin
        )
        const override = data.overrides.find((o: any) => o.entity_type === "inventory")
        expect(
          data.rules.find((r: any) => r.entity_type === "inventory" && r.field === null && r.region === null)
        ).toMatchObject({ owner: "medusa", source: "override" })
        const blocked = await push("inventory.level.set", {
          sku: "IN-C",
          location_id: store.locationId,
          stocked_quantity: 3,
          sequence: ++seq,
        })
        expect((await settled(blocked.config.headers["webhook-id"])).outcome).toBe("conflict")
        expect(await stocked("IN-C")).toBe(10)

        await api.delete(`/admin/syncguard/ownership/${override.id}`, admin)
        const allowed = await push("inventory.level.set", {
          sku: "IN-C",
          location_id: store.locationId,
          stocked_quantity: 4,
          sequence: ++seq,
        })
        expect((await settled(allowed.config.headers["webhook-id"])).outcome).toBe("applied")
        expect(await stocked("IN-C")).toBe(4)
      })

      it("holds a variant's price for Medusa while its price list's window is open; after it, the ERP's write applies", async () => {
        const {
          result: [us],
        } = await createRegionsWorkflow(getContainer()).run({
          input: { regions: [{ name: "US", currency_code: "usd", countries: ["ca"] }] },
        })
        const variantId = store.variants[1].variantId
        const {
          result: [list],
        } = await createPriceListsWorkflow(getContainer()).run({
          input: {
            price_lists_data: [
              {
                title: "Flash sale",
                description: "24 hours",
                status: "active",
                starts_at: new Date(Date.now() - 3_600_000).toISOString(),
                ends_at: new Date(Date.now() + 3_600_000).toISOString(),
                prices: [{ amount: 12, currency_code: "usd", variant_id: variantId }],
              },
            ],
          },
        })
        const during = await push("price.updated", {
          sku: "IN-B",
          currency_code: "usd",
          region: us.id,
          amount: 26,
          sequence: ++seq,
        })
        const row = await settled(during.config.headers["webhook-id"])
        expect(row.outcome).toBe("conflict")
        const { data } = await api.get(`/admin/syncguard/conflicts?entity_id=${variantId}&field=amount`, admin)
        expect(data.conflicts[0]).toMatchObject({ reason: "promotion", owner: "medusa" })
        expect(
          (await pricesOf(variantId)).find((p) => p.currency_code === "usd" && p.region_id === us.id)
        ).toBeUndefined()

        await updatePriceListsWorkflow(getContainer()).run({
          input: { price_lists_data: [{ id: list.id, ends_at: new Date(Date.now() - 1000).toISOString() }] },
        })
        const after = await push("price.updated", {
          sku: "IN-B",
          currency_code: "usd",
          region: us.id,
          amount: 27,
          sequence: ++seq,
        })
        expect((await settled(after.config.headers["webhook-id"])).outcome).toBe("applied")
        expect(
          (await pricesOf(variantId)).find((p) => p.currency_code === "usd" && p.region_id === us.id)?.amount
        ).toBe(27)
      })

      it("sends an owner's fields to no one else: a customer message to the ERP leaves out what the ERP owns", async () => {
        erp.reset()
        const c = await newCustomer(`out-${Date.now()}@example.com`, { company_name: "Medusa's idea of the company" })
        await drainUntilSettled(getContainer(), { expected: 1 })
        const res = await fetch(`${erp.url}/customers?external_id=${c.id}`)
        const body = (await res.json()) as any
        const doc = (body.data ?? body)[0]
        expect(doc).toMatchObject({ external_id: c.id, email: c.email, first_name: "Grace" })
        expect(doc).not.toHaveProperty("phone")
        expect(doc).not.toHaveProperty("company_name")
      })
    })

    describe("conflict resolution", () => {
      it("accepts the incoming value through Medusa's workflows, or keeps ours, recording who decided", async () => {
        const c = await newCustomer(`res-${Date.now()}@example.com`)
        const r = await push("customer.updated", {
          customer_id: c.id,
          first_name: "Incoming",
          last_name: "Erp",
          sequence: ++seq,
        })
        await settled(r.config.headers["webhook-id"])
        const { data } = await api.get(`/admin/syncguard/conflicts?entity_id=${c.id}&status=open`, admin)
        const byField = Object.fromEntries(data.conflicts.map((x: any) => [x.field, x]))

        const accepted = await api.post(
          `/admin/syncguard/conflicts/${byField.first_name.id}/resolve`,
          { resolution: "accept_incoming" },
          admin
        )
        expect(accepted.data.conflict).toMatchObject({
          status: "accepted",
          decided_by: expect.stringMatching(/^user_/),
        })
        expect((await customer(c.id)).first_name).toBe("Incoming")

        const kept = await api.post(
          `/admin/syncguard/conflicts/${byField.last_name.id}/resolve`,
          { resolution: "keep_ours", resend: true },
          admin
        )
        expect(kept.data.conflict).toMatchObject({ status: "kept", resent: true })
        expect((await customer(c.id)).last_name).toBe("Hopper")
        await drainUntilSettled(getContainer(), { expected: 1 })
        const messages = await syncguard().listOutboxMessages({ entity_id: c.id, connector: "erp" })
        expect(
          messages.some(
            (m: any) => m.idempotency_key.includes(`resend-${byField.last_name.id}`) && m.status === "delivered"
          )
        ).toBe(true)

        const twice = await api.post(
          `/admin/syncguard/conflicts/${byField.last_name.id}/resolve`,
          { resolution: "accept_incoming" },
          { ...admin, validateStatus: () => true }
        )
        expect(twice.status).toBe(400)
        expect(twice.data.message).toMatch(/already decided \(kept by user_/)
        const bad = await api.post(
          `/admin/syncguard/conflicts/${byField.last_name.id}/resolve`,
          { resolution: "maybe" },
          { ...admin, validateStatus: () => true }
        )
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/accept_incoming/)
      })

      it("keeps the address a customer changed after their order went to the ERP when the ERP sends the old one back", async () => {
        const c = await newCustomer(`addr-${Date.now()}@example.com`)
        const old = {
          first_name: "Grace",
          last_name: "Hopper",
          address_1: "1 Old Street",
          city: "Delft",
          postal_code: "2611AA",
          country_code: "nl",
        }
        await createCustomerAddressesWorkflow(getContainer()).run({
          input: { addresses: [{ ...old, customer_id: c.id, is_default_shipping: true }] },
        })
        const orderId = await placeOrder(getContainer(), store, c.email, 1, c.id, store.variants[0].variantId)
        await waitFor(async () => erp.orders().some((o: any) => o.external_id === orderId), 30_000)

        const [address] = (await customer(c.id)).addresses
        await updateCustomerAddressesWorkflow(getContainer()).run({
          input: { selector: { id: address.id }, update: { address_1: "9 New Road", postal_code: "2622BB" } },
        })
        // the nightly sync, from the ERP's copy taken with the order
        const nightly = await push("customer.updated", { customer_id: c.id, shipping_address: old, sequence: ++seq })
        const row = await settled(nightly.config.headers["webhook-id"])
        expect(row.outcome).toBe("conflict")

        const now = await customer(c.id)
        expect(now.addresses.find((a: any) => a.is_default_shipping)).toMatchObject({
          address_1: "9 New Road",
          postal_code: "2622BB",
        })
        const { data } = await api.get(`/admin/syncguard/conflicts?entity_id=${c.id}&field=shipping_address`, admin)
        expect(data.conflicts[0]).toMatchObject({
          incoming_value: expect.objectContaining({ address_1: "1 Old Street", postal_code: "2611AA" }),
          current_value: expect.objectContaining({ address_1: "9 New Road", postal_code: "2622BB" }),
          owner: "medusa",
          sender: "erp",
        })
      })
    })

    describe("order status and failures", () => {
      it("applies invoiced and canceled from the ERP through Medusa's order workflows", async () => {
        const c = await newCustomer(`ord-${Date.now()}@example.com`)
        const orderId = await placeOrder(getContainer(), store, c.email, 1, c.id, store.variants[2].variantId)
        const invoiced = await push("order.status", {
          order_id: orderId,
          status: "invoiced",
          invoice_number: "INV-77",
          sequence: ++seq,
        })
        expect((await settled(invoiced.config.headers["webhook-id"])).outcome).toBe("applied")
        const canceled = await push("order.status", { order_id: orderId, status: "canceled", sequence: ++seq })
        expect((await settled(canceled.config.headers["webhook-id"])).outcome).toBe("applied")
        const order = await getContainer().resolve(Modules.ORDER).retrieveOrder(orderId)
        expect(order.status).toBe("canceled")
        expect(order.metadata).toMatchObject({ erp_invoice_number: "INV-77" })
      })

      it("a re-issued invoice: the newest by the sender's sequence wins whatever the arrival order; an older one after it changes nothing", async () => {
        const c = await newCustomer(`reinv-${Date.now()}@example.com`)
        for (const arrival of ["older first", "newer first"] as const) {
          const orderId = await placeOrder(getContainer(), store, c.email, 1, c.id, store.variants[2].variantId)
          const older = {
            order_id: orderId,
            status: "invoiced",
            invoice_number: "INV-1",
            changed_at: "2026-11-22T10:00:00Z",
            sequence: ++seq,
          }
          // a corrected invoice: a new number and date
          const newer = {
            ...older,
            invoice_number: "INV-1-C",
            changed_at: "2026-11-23T09:30:00+01:00",
            sequence: ++seq,
          }
          const [first, second] = arrival === "older first" ? [older, newer] : [newer, older]
          const a = await settled((await push("order.status", first)).config.headers["webhook-id"])
          const b = await settled((await push("order.status", second)).config.headers["webhook-id"])
          expect({ arrival, first: a.outcome }).toEqual({ arrival, first: "applied" })
          if (arrival === "older first") {
            expect(b.outcome).toBe("applied")
            expect(b.detail).toMatchObject({ applied: ["status"], unchanged: [] })
            expect([...b.detail.changed].sort()).toEqual(["invoice_number", "invoiced_at"])
          } else {
            expect(b).toMatchObject({ outcome: "stale", detail: { applied_version: newer.sequence } })
          }
          const order = await getContainer().resolve(Modules.ORDER).retrieveOrder(orderId)
          expect({ arrival, metadata: order.metadata }).toEqual({
            arrival,
            metadata: expect.objectContaining({ erp_invoice_number: "INV-1-C", erp_invoiced_at: newer.changed_at }),
          })
        }
      })

      it("a second shipment with a new tracking number: the newest wins whatever the arrival order, and an invoice made before it still applies after it", async () => {
        const optionId = await addShippingOption(getContainer(), store)
        const c = await newCustomer(`reship-${Date.now()}@example.com`)
        const labelsOf = async (orderId: string) => {
          const { data } = await getContainer()
            .resolve("query")
            .graph({
              entity: "order",
              fields: ["fulfillments.shipped_at", "fulfillments.canceled_at", "fulfillments.labels.*"],
              filters: { id: orderId },
            })
          return (data[0] as any).fulfillments
            .filter((f: any) => f.shipped_at && !f.canceled_at)
            .map((f: any) => f.labels.map((l: any) => [l.tracking_number, l.tracking_url]))
        }
        for (const arrival of ["older first", "newer first"] as const) {
          const orderId = await placeShippableOrder(getContainer(), store, optionId, c.email)
          const invoice = { order_id: orderId, status: "invoiced", invoice_number: "INV-S", sequence: ++seq }
          const older = {
            order_id: orderId,
            status: "shipped",
            tracking_number: "TRACK-1",
            tracking_url: "https://track.example.com/TRACK-1",
            sequence: ++seq,
          }
          // the parcel was lost and sent again, under a new tracking number
          const newer = {
            ...older,
            tracking_number: "TRACK-2",
            tracking_url: "https://track.example.com/TRACK-2",
            sequence: ++seq,
          }
          const [first, second] = arrival === "older first" ? [older, newer] : [newer, older]
          const a = await settled((await push("order.status", first)).config.headers["webhook-id"])
          expect({ arrival, first: a.outcome, error: a.last_error }).toEqual({ arrival, first: "applied", error: null })
          const b = await settled((await push("order.status", second)).config.headers["webhook-id"])
          expect({ arrival, second: b.outcome }).toEqual({
            arrival,
            second: arrival === "older first" ? "applied" : "stale",
          })
          expect({ arrival, labels: await labelsOf(orderId) }).toEqual({
            arrival,
            labels: [[["TRACK-2", "https://track.example.com/TRACK-2"]]],
          })
          // the same shipment again changes nothing
          const again = await settled(
            (await push("order.status", { ...newer, sequence: ++seq })).config.headers["webhook-id"]
          )
          expect(again.outcome).toBe("unchanged")
          // the invoice the ERP made before it shipped, arriving last: its own fact, not stale
          const late = await settled((await push("order.status", invoice)).config.headers["webhook-id"])
          expect(late.outcome).toBe("applied")
          const order = await getContainer().resolve(Modules.ORDER).retrieveOrder(orderId)
          expect(order.metadata).toMatchObject({ erp_invoice_number: "INV-S" })
        }
      })

      it("holds a shipped status Medusa cannot fulfil (no shipping method) dead at once, saying why", async () => {
        const c = await newCustomer(`ship-${Date.now()}@example.com`)
        const orderId = await placeOrder(getContainer(), store, c.email, 1, c.id, store.variants[1].variantId)
        const r = await push("order.status", {
          order_id: orderId,
          status: "shipped",
          tracking_number: "3S123",
          sequence: ++seq,
        })
        const row = await settled(r.config.headers["webhook-id"])
        expect(row).toMatchObject({ status: "dead", attempts: 1 })
        expect(row.last_error).toMatch(/has no shipping method with a shipping option/)
      })

      it("retries an event Medusa cannot apply yet, then holds it dead and alerts; replay puts it back", async () => {
        const r = await push("inventory.level.set", { sku: "NOT-YET", stocked_quantity: 5, sequence: ++seq })
        const row = await settled(r.config.headers["webhook-id"])
        expect(row.status).toBe("dead")
        expect(row.attempts).toBe(3)
        expect(row.last_error).toMatch(/gave up after 3 attempts; no variant has SKU "NOT-YET"/)
        await waitFor(async () =>
          alerts.some((a) => a.kind === "inbound_dead" && a.data.event_id === r.config.headers["webhook-id"])
        )
        const { data: health } = await api.get("/admin/syncguard/health", admin)
        expect(health.problems.join("\n")).toMatch(/erp: \d+ inbound event\(s\) could not be applied/)

        const { data } = await api.post("/admin/syncguard/inbound-events/replay", { ids: [row.id] }, admin)
        expect(data.replayed).toBe(1)
        await waitFor(async () => (await eventOf(r.config.headers["webhook-id"])).attempts >= 1)
      })
    })

    async function pricesOf(variantId: string) {
      const query = getContainer().resolve("query")
      const { data } = await query.graph({
        entity: "product_variant",
        fields: ["price_set.id"],
        filters: { id: variantId },
      })
      const prices = (await getContainer()
        .resolve(Modules.PRICING)
        .listPrices({ price_set_id: [data[0].price_set.id] }, { relations: ["price_rules"] })) as any[]
      return prices
        .filter((p) => !p.price_list_id)
        .map((p) => ({
          currency_code: p.currency_code,
          amount: Number(p.amount),
          region_id: p.price_rules?.find((r: any) => r.attribute === "region_id")?.value ?? null,
        }))
    }
  },
})
