import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { AxiosInstance } from "axios"
import { createSandbox, Sandbox } from "../../sandbox"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { runPool } from "../helpers/run-pool"
import { registerCustomer, StoreCustomer } from "../helpers/customers"
import { DbState, snapshotDbState } from "../helpers/db-state"
import { drainUntilSettled } from "../helpers/outbox"
import { DiscoveredRoute, discoverRoutes, fillPattern, HttpMethod, validatorFieldNames } from "../helpers/routes"
import { adminHeaders, placeOrder, seedStore } from "../helpers/seed"

jest.setTimeout(180_000)

const SANDBOX_PORT = 20_000 + Math.floor(Math.random() * 20_000)
process.env.SYNCGUARD_ERP_URL = `http://127.0.0.1:${SANDBOX_PORT}`
process.env.SYNCGUARD_CRM_URL = `http://127.0.0.1:${SANDBOX_PORT}`
// scheduled reconciliation runs would add rows while the fuzz runs; runs started by a route must not
process.env.SYNCGUARD_RECONCILE_INTERVAL_MS = "0"

/**
 * Bad input must be a 4xx on every route under src/api, whatever a new user (or a scanner) sends,
 * and must change nothing. Routes are found by walking src/api, so a route added later is fuzzed
 * without touching this file.
 */

/** Text that has broken, or could break, something between the URL and Postgres (sent URL-encoded). */
const NASTY_TEXT: Record<string, string> = {
  nul: "a\u0000b",
  control: "a\u0001\u0008\u001b\u007fb",
  crlf: "a\r\nSet-Cookie: x=1",
  tab: "\t",
  long: "x".repeat(10_000),
  unicode: "ünïcødé-💥-\u202e-\ufeff-𝕏",
  sql: "'; drop table syncguard_outbox_message; --",
  traversal: "../../../etc/passwd",
  percent: "%",
  empty: "",
  space: " ",
  operator: '{"$ne":null}',
}
/** Sent as they are: a broken percent-escape, invalid UTF-8, an encoded surrogate, an overlong NUL. */
const RAW_ENCODED = ["%zz", "%", "%FF", "%ED%A0%80", "%C0%80"]
const NASTY_NUMBERS = ["-1", "1.5", "1e309", "abc", "99999999999999999999", ""]
const NUMERIC_KEYS = ["limit", "offset"]

/** Query strings whose shape, not value, is wrong (already encoded as they go on the wire). */
const SHAPED_QUERIES = [
  "limit=1&limit=2",
  "status=open&status=paid",
  "connector=a&connector=b",
  "connector[]=a",
  "connector[a]=b",
  "limit[$gt]=1",
  "a[b][c][d][e][f][g]=1",
  "a.b=1",
  "a.b.c=1",
  "__proto__[polluted]=1",
  "constructor[prototype][polluted]=1",
  "fuzz_unknown_key=1",
  "=",
  "&&&",
  "%zz=1",
  "%00=1",
  `${"k".repeat(5000)}=1`,
]

/**
 * The query matrix for one route: every known field with a NUL (what reached Postgres) and one
 * more nasty value, rotated by `seed` so that the routes together send every value to every
 * field without each route getting the full product; bad numbers; badly shaped queries.
 * A mutation (which must refuse its body anyway) gets the NULs and the shapes only.
 */
function queryMatrix(fields: string[], seed: number, method: HttpMethod): string[] {
  const nul = encodeURIComponent(NASTY_TEXT.nul)
  const others = [
    ...Object.values(NASTY_TEXT)
      .filter((v) => v !== NASTY_TEXT.nul)
      .map(encodeURIComponent),
    ...RAW_ENCODED,
  ]
  if (method !== "GET") {
    return [...fields.map((key) => `${key}=${nul}`), ...SHAPED_QUERIES]
  }
  return [
    ...fields.flatMap((key, i) => [nul, others[(seed + i) % others.length]].map((v) => `${key}=${v}`)),
    ...NUMERIC_KEYS.flatMap((key) => NASTY_NUMBERS.map((n) => `${key}=${encodeURIComponent(n)}`)),
    ...SHAPED_QUERIES,
  ]
}

type Probe = {
  method: HttpMethod
  url: string
  headers?: Record<string, string>
  data?: unknown
  raw?: string
  contentType?: string
}
type Answer = { probe: Probe; status: number; body: string }

const describeProbe = (p: Probe) => {
  const url = p.url.length > 160 ? `${p.url.slice(0, 160)}…(${p.url.length} chars)` : p.url
  const body = p.raw !== undefined ? p.raw : p.data !== undefined ? JSON.stringify(p.data) : ""
  return `${p.method} ${url}${body ? ` body=${body.length > 80 ? `${body.slice(0, 80)}…(${body.length} chars)` : body}` : ""}`
}

async function send(api: AxiosInstance, probe: Probe): Promise<Answer> {
  const headers: Record<string, string> = { ...(probe.headers ?? {}) }
  let data: unknown = undefined
  if (probe.raw !== undefined) {
    headers["content-type"] = probe.contentType ?? "application/json"
    data = probe.raw
  } else if (probe.data !== undefined) {
    headers["content-type"] = "application/json"
    data = JSON.stringify(probe.data)
  }
  const res = await api.request({
    method: probe.method,
    url: probe.url,
    headers,
    data,
    // send bytes as given: no JSON re-encoding, no status-based throwing
    transformRequest: [(d) => d],
    transformResponse: [(d) => d],
    responseType: "text",
    validateStatus: () => true,
    maxRedirects: 0,
  })
  return { probe, status: res.status, body: typeof res.data === "string" ? res.data.slice(0, 300) : String(res.data) }
}

medusaIntegrationTestRunner({
  dbName: "syncguard_http_route_fuzz",
  testSuite: ({ getContainer, api }) => {
    const routes = discoverRoutes()
    const fields = validatorFieldNames()
    let sandbox: Sandbox
    let admin: Record<string, string>
    let customer: StoreCustomer
    /** well-formed values for each route's path parameters, so the query and body reach the handler */
    let baseParams: (route: DiscoveredRoute) => Record<string, string>

    /**
     * Seeded once: the runner snapshots the database after the suite's beforeAll and restores
     * it before each test, and the sandbox keeps its invoices, so every test starts from this.
     */
    beforeAll(async () => {
      sandbox = await createSandbox({ port: SANDBOX_PORT, host: "127.0.0.1" })
      const container = getContainer()
      const store = await seedStore(container)
      admin = (await adminHeaders(container)).headers
      customer = await registerCustomer(api, store.publishableKey, `fuzz-${Date.now()}@syncguard.test`)
      const orderId = await placeOrder(container, store, customer.email, 1, customer.id)
      await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
      const [identity] = await syncguard.listCustomerIdentities({ connector: "crm", customer_id: customer.id })
      sandbox.seedInvoices([
        {
          id: "inv_fuzz_1",
          customer_id: identity.remote_customer_id,
          email: customer.email,
          number: "2026-0001",
          total: 1000,
          currency_code: "usd",
          issued_at: new Date(Date.UTC(2026, 0, 1)).toISOString(),
          status: "open",
        },
      ])
      const [message] = await syncguard.listOutboxMessages({ entity_id: orderId })
      const byCollection: Record<string, string> = {
        messages: message.id,
        orders: orderId,
        invoices: "inv_fuzz_1",
        connectors: "erp",
      }
      baseParams = (route) => {
        const segments = route.pattern.split("/")
        return Object.fromEntries(
          route.params.map((param) => {
            const collection = segments[segments.indexOf(`:${param}`) - 1]
            return [param, byCollection[collection] ?? "fuzz_base_id"]
          })
        )
      }
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    const authFor = (route: DiscoveredRoute): Record<string, string> =>
      route.pattern.startsWith("/admin") ? admin : route.pattern.startsWith("/store") ? customer.headers : {}

    /**
     * Sends every probe (a few at a time) and checks that nothing answered 5xx (nor, with
     * `only4xx`, anything but 4xx) and that nothing changed in the database.
     */
    async function fuzz(probes: Probe[], { only4xx = false } = {}): Promise<Answer[]> {
      const container = getContainer()
      await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      const before: DbState = await snapshotDbState(container)
      const settled = await runPool(probes, 4, (probe) => send(api, probe))
      const answers = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []))
      // no answer at all (a dropped connection) is as bad as a 5xx
      const unanswered = settled.flatMap((r, i) =>
        r.status === "rejected" ? [`no answer (${String(r.reason?.code ?? r.reason)}) ${describeProbe(probes[i])}`] : []
      )
      await drainUntilSettled(container, { expected: 2, timeoutMs: 30_000 })
      const after = await snapshotDbState(container)
      const failures = answers
        .filter((a) => a.status >= 500 || (only4xx && a.status < 400))
        .map((a) => `${a.status} ${describeProbe(a.probe)} → ${a.body.slice(0, 160)}`)
        .concat(unanswered)
      expect({ count: failures.length, failures }).toEqual({ count: 0, failures: [] })
      expect(after).toEqual(before)
      return answers
    }

    it("should find the routes under src/api with their methods", () => {
      expect(routes.length).toBeGreaterThan(0)
      const unreadable = routes.filter((r) => !r.methods.length).map((r) => r.file)
      expect(unreadable).toEqual([])
      expect(routes.map((r) => r.pattern)).toEqual(
        expect.arrayContaining([
          "/admin/syncguard/messages/:id",
          "/admin/syncguard/connectors/:name/pause",
          "/store/invoices/:id/pdf",
        ])
      )
    })

    it("should answer malformed query strings on every route with a 4xx and change nothing", async () => {
      const probes = routes.flatMap((route, r) =>
        route.methods.flatMap((method) =>
          queryMatrix(fields, r, method).map((query): Probe => {
            const url = `${fillPattern(route.pattern, baseParams(route))}?${query}`
            // a mutation gets a body it must refuse, so no query can make it act
            return method === "GET"
              ? { method, url, headers: authFor(route) }
              : { method, url, headers: authFor(route), data: { fuzz_unknown_key: 1 } }
          })
        )
      )
      const answers = await fuzz(probes)
      // list routes with a validator refuse a NUL by name
      const nul = answers.find((a) => a.probe.url.endsWith("/admin/syncguard/messages?connector=a%00b"))
      expect(nul?.status).toBe(400)
      expect(nul?.body).toContain("connector must not contain control characters")
    })

    it("should answer malformed path ids on every route with a 4xx and change nothing", async () => {
      // "." and ".." would be dot segments the client resolves away; RAW_ENCODED go on the wire as they are
      const values = [
        ...Object.values(NASTY_TEXT).filter(Boolean),
        ...NASTY_NUMBERS.filter(Boolean),
        "a/b",
        "a\\b",
        "...",
        ...RAW_ENCODED,
      ]
      const probes = routes
        .filter((route) => route.params.length)
        .flatMap((route) =>
          route.methods.flatMap((method) =>
            route.params.flatMap((param) =>
              values.map((value): Probe => {
                const url = RAW_ENCODED.includes(value)
                  ? fillPattern(route.pattern, { ...baseParams(route), [param]: "RAW_PLACEHOLDER" }).replace(
                      "RAW_PLACEHOLDER",
                      value
                    )
                  : fillPattern(route.pattern, { ...baseParams(route), [param]: value })
                return method === "GET"
                  ? { method, url, headers: authFor(route) }
                  : { method, url, headers: authFor(route), data: {} }
              })
            )
          )
        )
      const answers = await fuzz(probes)
      const nul = answers.find((a) => a.probe.url.startsWith("/admin/syncguard/messages/a%00b"))
      expect(nul?.status).toBe(400)
      expect(nul?.body).toContain("id must not contain control characters")
    })

    it("should answer malformed bodies on every mutation with a 4xx and change nothing", async () => {
      const junkBodies: Array<Pick<Probe, "data" | "raw" | "contentType">> = [
        { raw: '{"reason": ' },
        { raw: "not json at all" },
        { raw: "\u0000" },
        { raw: "[]" },
        { raw: '[{"reason":"x"}]' },
        { raw: '"a string"' },
        { raw: "null" },
        { raw: "12" },
        { raw: '{"a":1,"a":{"b":2}}' },
        { raw: '{"__proto__":{"polluted":true}}' },
        { raw: `{"deep":${"[".repeat(2000)}${"]".repeat(2000)}}` },
        { raw: "fuzz_unknown_key=1&a[b][c]=d", contentType: "application/x-www-form-urlencoded" },
        { raw: "plain text", contentType: "text/plain" },
        { raw: "<xml/>", contentType: "application/xml" },
        { data: { fuzz_unknown_key: 1 } },
        { data: { a: { b: { c: [1, { d: null }] } } } },
        { data: { fuzz_big: "x".repeat(200_000) } },
        // every known field with a wrong type, an operator object, a NUL and a string past any limit
        ...fields.flatMap((key) =>
          [12345, { $ne: null }, "a\u0000b", "x".repeat(20_000)].map((value) => ({ data: { [key]: value } }))
        ),
      ]
      const probes = routes.flatMap((route) =>
        route.methods
          .filter((method) => method !== "GET")
          .flatMap((method) =>
            junkBodies.map((body): Probe => ({
              method,
              url: fillPattern(route.pattern, baseParams(route)),
              headers: authFor(route),
              ...body,
            }))
          )
      )
      expect(probes.length).toBeGreaterThan(0)
      // every body here is wrong for every route: all must be refused
      await fuzz(probes, { only4xx: true })
    })
  },
})
