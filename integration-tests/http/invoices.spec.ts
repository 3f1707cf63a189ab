import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CapturedAlert, startAlertCapture } from "../helpers/alerts"
import fc from "fast-check"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { registerCustomer, StoreCustomer } from "../helpers/customers"
import { drainUntilSettled, waitFor } from "../helpers/outbox"
import { adminHeaders, seedStore } from "../helpers/seed"

jest.setTimeout(300_000)

const SANDBOX_PORT = 20_000 + Math.floor(Math.random() * 20_000)
const ALERT_PORT = SANDBOX_PORT + 1
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_CRM_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_ALERT_WEBHOOK_URL = `http://127.0.0.1:${ALERT_PORT}/alerts`
process.env.SYNCGUARD_SCOPE_THRESHOLD = "5"

const DRIFTS = [
  "none",
  "ignore_filter",
  "prefix",
  "mix",
  "inconsistent_pages",
  "case_insensitive",
  "missing_filter_field",
] as const

medusaIntegrationTestRunner({
  dbName: "syncguard_http_invoices",
  testSuite: ({ getContainer, api }) => {
    let sandbox: Sandbox
    let alertCapture: Awaited<ReturnType<typeof startAlertCapture>>
    let alerts: CapturedAlert[] = []
    let customers: StoreCustomer[]
    let remoteIds: Map<string, string>
    let admin: { headers: Record<string, string> }

    beforeAll(async () => {
      sandbox = await createSandbox({ port: SANDBOX_PORT, host: "127.0.0.1" })
      alertCapture = await startAlertCapture(ALERT_PORT)
      alerts = alertCapture.alerts
    })

    afterAll(async () => {
      await sandbox?.close()
      await alertCapture?.close()
    })

    /** Customers registered through the store API; the plugin syncs them and learns their remote ids. */
    beforeEach(async () => {
      sandbox.reset()
      sandbox.resetFaults()
      alerts.length = 0
      const container = getContainer()
      const store = await seedStore(container)
      admin = await adminHeaders(container)
      customers = []
      // ids chosen by the CRM: cus_1, cus_2, ... cus_11 so that prefix drift has something to confuse
      for (let i = 1; i <= 11; i++) {
        customers.push(await registerCustomer(api, store.publishableKey, `shopper${i}@syncguard.test`))
        await drainUntilSettled(container, { expected: i, timeoutMs: 30_000 })
      }
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const identities = await syncguard.listCustomerIdentities({ connector: "crm" })
      remoteIds = new Map(identities.map((i) => [i.customer_id, i.remote_customer_id]))
      expect(remoteIds.size).toBe(11)
      let n = 0
      sandbox.seedInvoices(
        customers.flatMap((c, ci) =>
          Array.from({ length: 3 + (ci % 3) }, (_, k) => ({
            id: `inv_${++n}`,
            customer_id: remoteIds.get(c.id)!,
            email: c.email,
            number: `2026-${String(n).padStart(4, "0")}`,
            total: 1000 + n,
            currency_code: "usd",
            issued_at: new Date(Date.UTC(2026, 0, 1 + n)).toISOString(),
            status: k % 2 ? "paid" : "open",
          }))
        )
      )
    })

    const invoicesOf = (c: StoreCustomer) => sandbox.invoices().filter((i) => i.customer_id === remoteIds.get(c.id))

    it("should map each customer to its own remote id, learned from the CRM's answer", async () => {
      const syncguard = getContainer().resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const identities = await syncguard.listCustomerIdentities({ connector: "crm" })
      expect(new Set(identities.map((i) => i.remote_customer_id)).size).toBe(11)
      expect(identities.every((i) => i.source === "sync")).toBe(true)
      const remote = sandbox.requests().filter((r) => r.route.startsWith("PUT /customers"))
      expect(remote).toHaveLength(11)
    })

    it("should enforce the auth matrix", async () => {
      const [me, other] = customers
      const theirs = invoicesOf(other)[0].id
      const noAuth = await api
        .get("/store/invoices", { headers: { "x-publishable-api-key": me.headers["x-publishable-api-key"] } })
        .catch((e) => e.response)
      expect(noAuth.status).toBe(401)
      const noKey = await api
        .get("/store/invoices", { headers: { authorization: me.headers.authorization } })
        .catch((e) => e.response)
      expect(noKey.status).toBe(400)
      const asAdmin = await api
        .get("/store/invoices", {
          headers: { ...admin.headers, "x-publishable-api-key": me.headers["x-publishable-api-key"] },
        })
        .catch((e) => e.response)
      expect(asAdmin.status).toBe(401)
      const foreign = await api.get(`/store/invoices/${theirs}`, { headers: me.headers }).catch((e) => e.response)
      expect(foreign.status).toBe(404)
      const missing = await api.get(`/store/invoices/inv_nope`, { headers: me.headers }).catch((e) => e.response)
      expect(missing.status).toBe(404)
      expect(foreign.data).toEqual({ type: missing.data.type, message: expect.stringContaining("was not found") })
      const foreignPdf = await api
        .get(`/store/invoices/${theirs}/pdf`, { headers: me.headers })
        .catch((e) => e.response)
      expect(foreignPdf.status).toBe(404)

      const mine = invoicesOf(me)[0]
      const one = await api.get(`/store/invoices/${mine.id}`, { headers: me.headers })
      expect(one.data.invoice).toEqual({
        id: mine.id,
        number: mine.number,
        total: mine.total,
        currency_code: "usd",
        issued_at: mine.issued_at,
        status: mine.status,
      })
      const pdf = await api.get(`/store/invoices/${mine.id}/pdf`, { headers: me.headers, responseType: "arraybuffer" })
      expect(pdf.headers["content-type"]).toContain("application/pdf")
      expect(Buffer.from(pdf.data).subarray(0, 5).toString()).toBe("%PDF-")
      const bad = await api.get(`/store/invoices?limit=1000`, { headers: me.headers }).catch((e) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/limit/i)
    })

    it("should page and filter the customer's invoices on the server", async () => {
      const me = customers[2]
      const expected = invoicesOf(me).sort((a, b) => b.issued_at.localeCompare(a.issued_at))
      const page1 = await api.get(`/store/invoices?limit=2&offset=0`, { headers: me.headers })
      const page2 = await api.get(`/store/invoices?limit=2&offset=2`, { headers: me.headers })
      expect(page1.data.count).toBe(expected.length)
      expect([...page1.data.invoices, ...page2.data.invoices].map((i: any) => i.id)).toEqual(
        expected.map((i) => i.id).slice(0, 4)
      )
      const paid = await api.get(`/store/invoices?status=paid`, { headers: me.headers })
      expect(paid.data.invoices.map((i: any) => i.id)).toEqual(
        expected.filter((i) => i.status === "paid").map((i) => i.id)
      )
    })

    it("should never return another customer's invoice, whatever the CRM's filter does (property)", async () => {
      const checked = { requests: 0, dropped: 0 }
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...DRIFTS),
          fc.integer({ min: 0, max: 10 }),
          fc.double({ min: 0.05, max: 0.9, noNaN: true }),
          fc.integer({ min: 1, max: 1_000_000 }),
          fc.constantFrom(undefined, "open", "paid"),
          async (drift, who, mixRate, seed, status) => {
            sandbox.setFaults({ invoiceDrift: drift, invoiceMixRate: mixRate, seed })
            const me = customers[who]
            const mine = new Set(invoicesOf(me).map((i) => i.id))
            const res = await api
              .get(`/store/invoices?limit=100${status ? `&status=${status}` : ""}`, { headers: me.headers })
              .catch((e) => e.response)
            checked.requests++
            if (res.status === 503) {
              // fail-closed: nothing leaks either; reopen for the next run
              expect(res.data.type).toBe("invoices_unavailable")
              await api.post("/admin/syncguard/invoices/reopen", {}, admin)
              return
            }
            expect(res.status).toBe(200)
            for (const invoice of res.data.invoices) {
              expect(mine.has(invoice.id)).toBe(true)
            }
            expect(JSON.stringify(res.data)).not.toContain("customer_id")
            if (
              drift === "none" ||
              drift === "mix" ||
              drift === "prefix" ||
              drift === "ignore_filter" ||
              drift === "case_insensitive"
            ) {
              // the customer's own invoices all survive the cleanup (missing_filter_field drops them all, by design)
              const wanted = invoicesOf(me).filter((i) => !status || i.status === status)
              expect(res.data.count).toBe(wanted.length)
            }
          }
        ),
        { numRuns: Number(process.env.SYNCGUARD_PROPERTY_RUNS || 40), seed: 20261122 }
      )
      expect(checked.requests).toBeGreaterThan(0)
    })

    it("should record and alert on violations, fail closed past the threshold, and reopen when an admin clears it", async () => {
      const me = customers[0]
      sandbox.setFaults({ invoiceDrift: "prefix" }) // cus_1 also matches cus_10 and cus_11
      const first = await api.get("/store/invoices", { headers: me.headers })
      expect(first.status).toBe(200)
      expect(first.data.invoices.every((i: any) => invoicesOf(me).some((m) => m.id === i.id))).toBe(true)

      const list = await api.get("/admin/syncguard/scope-violations", admin)
      expect(list.data.count).toBeGreaterThan(0)
      const foreignIds = new Set([...invoicesOf(customers[9]), ...invoicesOf(customers[10])].map((i) => i.id))
      expect(list.data.scope_violations.every((v: any) => foreignIds.has(v.invoice_id))).toBe(true)
      expect(list.data.scope_violations[0]).toMatchObject({
        connector: "crm",
        customer_id: me.id,
        reason: "customer_mismatch",
        query: expect.stringContaining(`customer_id=${remoteIds.get(me.id)}`),
      })
      // no invoice content is kept
      expect(Object.keys(list.data.scope_violations[0]).sort()).toEqual(
        [
          "connector",
          "count",
          "created_at",
          "customer_id",
          "deleted_at",
          "id",
          "invoice_id",
          "query",
          "reason",
          "updated_at",
        ].sort()
      )
      await waitFor(async () => alerts.some((a) => a.kind === "scope_violation"))
      expect(alerts.find((a) => a.kind === "scope_violation")!.data.connector).toBe("crm")

      // the first answer already held 6 foreign invoices ≥ threshold 5: closed
      await waitFor(async () => alerts.some((a) => a.kind === "invoices_closed"))
      const closed = await api.get("/store/invoices", { headers: me.headers }).catch((e) => e.response)
      expect(closed.status).toBe(503)
      expect(closed.data.message).toMatch(/temporarily unavailable/)
      const other = await api
        .get(`/store/invoices/${invoicesOf(me)[0].id}`, { headers: me.headers })
        .catch((e) => e.response)
      expect(other.status).toBe(503)
      expect((await api.get("/admin/syncguard/invoices", admin)).data.closed).toMatchObject({
        reason: expect.stringContaining("threshold 5"),
      })

      sandbox.setFaults({ invoiceDrift: "none" })
      const reopened = await api.post("/admin/syncguard/invoices/reopen", {}, admin)
      expect(reopened.data.reopened).toBe(true)
      const again = await api.get("/store/invoices", { headers: me.headers })
      expect(again.status).toBe(200)
      expect(again.data.count).toBe(invoicesOf(me).length)
    })

    it("should drop an invoice the CRM swaps for another on a lookup by id", async () => {
      const me = customers[0]
      sandbox.setFaults({ invoiceByIdDrift: "wrong_invoice" })
      const res = await api
        .get(`/store/invoices/${invoicesOf(me)[0].id}`, { headers: me.headers })
        .catch((e) => e.response)
      expect(res.status).toBe(404)
      const list = await api.get("/admin/syncguard/scope-violations", admin)
      expect(list.data.scope_violations[0]).toMatchObject({ reason: "id_mismatch" })
    })

    it("should answer 502 without detail when the CRM is down", async () => {
      sandbox.setFaults({ down: true })
      const res = await api.get("/store/invoices", { headers: customers[0].headers }).catch((e) => e.response)
      expect(res.status).toBe(502)
      expect(res.data.type).toBe("upstream_unavailable")
    })
  },
})
