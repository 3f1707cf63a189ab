import { createSandbox, Sandbox, SandboxFaults, SandboxInvoice, SandboxInvoiceInput } from "../index"

let sb: Sandbox | undefined

async function start(faults: Partial<SandboxFaults> = {}): Promise<Sandbox> {
  sb = await createSandbox({ port: 0, faults })
  return sb
}

afterEach(async () => {
  await sb?.close()
  sb = undefined
})

type Page = { data: SandboxInvoice[]; next_cursor: string | null }

async function get(path: string) {
  const res = await fetch(`${sb!.url}${path}`)
  return { status: res.status, body: await res.json() }
}

async function list(query: Record<string, string | number | undefined>): Promise<Page> {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined) qs.set(k, String(v))
  const res = await get(`/invoices?${qs}`)
  expect(res.status).toBe(200)
  return res.body
}

/** Follow next_cursor until it is null; the guard only protects the test from a runaway loop. */
async function walk(query: Record<string, string | number | undefined>, guard = 500) {
  const pages: Page[] = []
  let cursor: string | undefined
  do {
    const page = await list({ ...query, cursor })
    pages.push(page)
    cursor = page.next_cursor ?? undefined
  } while (cursor && pages.length < guard)
  return { pages, ids: pages.flatMap((p) => p.data.map((i) => i.id)), terminated: cursor === undefined }
}

/**
 * `customers` customers cus_1..cus_n with `perCustomer` invoices each; ids inv_<c>_<k>.
 * Several invoices share an issued_at so the id tie-break matters.
 */
function invoices(customers: number, perCustomer: number, extra: Partial<SandboxInvoiceInput> = {}) {
  const out: SandboxInvoiceInput[] = []
  for (let c = 1; c <= customers; c++) {
    for (let k = 0; k < perCustomer; k++) {
      out.push({
        id: `inv_${c}_${String(k).padStart(3, "0")}`,
        customer_id: `cus_${c}`,
        number: `F-${c}-${k}`,
        total: 1000 + k,
        currency_code: "eur",
        issued_at: new Date(Date.UTC(2024, 0, 1 + Math.floor(k / 3))).toISOString(),
        status: k % 3 === 0 ? "open" : k % 3 === 1 ? "paid" : "void",
        ...extra,
      })
    }
  }
  return out
}

/** the expected order: issued_at desc, then id asc */
const sortedIds = (list: SandboxInvoiceInput[]) =>
  [...list]
    .sort((a, b) => (a.issued_at! === b.issued_at! ? (a.id! < b.id! ? -1 : 1) : a.issued_at! > b.issued_at! ? -1 : 1))
    .map((i) => i.id!)

describe("sandbox invoices", () => {
  it("lists one customer's invoices ordered by issued_at desc then id, filtered by status", async () => {
    await start()
    const seeded = invoices(3, 7)
    sb!.seedInvoices(seeded)

    const page = await list({ customer_id: "cus_2" })
    expect(page.next_cursor).toBeNull()
    expect(page.data.map((i) => i.id)).toEqual(sortedIds(seeded.filter((i) => i.customer_id === "cus_2")))
    expect(page.data.every((i) => i.customer_id === "cus_2")).toBe(true)

    const paid = await list({ customer_id: "cus_2", status: "paid" })
    expect(paid.data.length).toBeGreaterThan(0)
    expect(paid.data.every((i) => i.status === "paid" && i.customer_id === "cus_2")).toBe(true)

    expect((await list({ customer_id: "cus_nobody" })).data).toEqual([])

    const missing = await get("/invoices")
    expect(missing.status).toBe(400)
    expect(missing.body).toHaveProperty("message")
    expect((await get("/invoices?customer_id=cus_1&limit=0")).status).toBe(400)
    expect((await get("/invoices?customer_id=cus_1&cursor=garbage")).status).toBe(400)

    const stored = sb!.invoices()
    expect(stored.map((i) => i.id)).toEqual(seeded.map((i) => i.id))
    stored[0].customer_id = "tampered"
    expect(sb!.invoices()[0].customer_id).toBe("cus_1")
  })

  it("pagination without drift walks every invoice of a customer exactly once", async () => {
    await start({ seed: 1 })
    const seeded = invoices(4, 23)
    sb!.seedInvoices(seeded)
    const expected = sortedIds(seeded.filter((i) => i.customer_id === "cus_3"))

    for (const limit of [1, 5, 7, 23, 50]) {
      const { pages, ids, terminated } = await walk({ customer_id: "cus_3", limit })
      expect(terminated).toBe(true)
      expect(ids).toEqual(expected)
      expect(pages).toHaveLength(Math.ceil(23 / limit))
      expect(pages.every((p) => p.data.every((i) => i.customer_id === "cus_3"))).toBe(true)
    }
    // limit defaults to 50 and is capped at 200
    sb!.seedInvoices(invoices(1, 250).map((i) => ({ ...i, id: `big_${i.id}`, customer_id: "cus_big" })))
    expect((await list({ customer_id: "cus_big" })).data).toHaveLength(50)
    expect((await list({ customer_id: "cus_big", limit: 1000 })).data).toHaveLength(200)
  })

  it("seeding validates, keeps explicit ids and never reuses one for a generated id", async () => {
    await start()
    sb!.seedInvoices([{ id: "inv_1", customer_id: "cus_1", number: "A" }])
    sb!.seedInvoices([{ customer_id: "cus_1", number: "B" }])
    expect(sb!.invoices().map((i) => [i.id, i.number])).toEqual([
      ["inv_1", "A"],
      ["inv_2", "B"],
    ])
    expect(() => sb!.seedInvoices([{ customer_id: "" }])).toThrow(TypeError)
    const bad = await fetch(`${sb!.url}/__invoices`, { method: "POST", body: JSON.stringify([{ number: "x" }]) })
    expect(bad.status).toBe(400)
    expect(sb!.invoices()).toHaveLength(2)
  })

  it("ignore_filter returns everyone's invoices and accepts a missing customer_id", async () => {
    await start({ invoiceDrift: "ignore_filter" })
    sb!.seedInvoices(invoices(3, 4))
    const page = await list({ customer_id: "cus_1" })
    expect(page.data).toHaveLength(12)
    expect(new Set(page.data.map((i) => i.customer_id))).toEqual(new Set(["cus_1", "cus_2", "cus_3"]))
    expect((await list({})).data).toHaveLength(12)
  })

  it("prefix matches cus_1 against cus_10, cus_11 …", async () => {
    await start({ invoiceDrift: "prefix" })
    sb!.seedInvoices(invoices(12, 2))
    const page = await list({ customer_id: "cus_1" })
    expect(new Set(page.data.map((i) => i.customer_id))).toEqual(new Set(["cus_1", "cus_10", "cus_11", "cus_12"]))
    // cus_2 has no longer sibling, so it is still exact
    expect(new Set((await list({ customer_id: "cus_2" })).data.map((i) => i.customer_id))).toEqual(new Set(["cus_2"]))
  })

  it("case_insensitive treats CUS_1 as cus_1", async () => {
    await start({ invoiceDrift: "case_insensitive" })
    sb!.seedInvoices([
      { id: "a", customer_id: "cus_1", issued_at: "2024-01-01" },
      { id: "b", customer_id: "CUS_1", issued_at: "2024-01-02" },
      { id: "c", customer_id: "cus_2", issued_at: "2024-01-03" },
    ])
    expect((await list({ customer_id: "cus_1" })).data.map((i) => i.id)).toEqual(["b", "a"])
    expect((await list({ customer_id: "Cus_1" })).data.map((i) => i.id)).toEqual(["b", "a"])
    sb!.setFaults({ invoiceDrift: "none" })
    expect((await list({ customer_id: "cus_1" })).data.map((i) => i.id)).toEqual(["a"])
  })

  it("mix slips other customers' invoices in at about invoiceMixRate, reproducibly per seed", async () => {
    const run = async (seed: number, rate?: number) => {
      await start({ invoiceDrift: "mix", seed, ...(rate === undefined ? {} : { invoiceMixRate: rate }) })
      sb!.seedInvoices(invoices(5, 40))
      const { ids, pages } = await walk({ customer_id: "cus_1", limit: 10 })
      const data = pages.flatMap((p) => p.data)
      await sb!.close()
      sb = undefined
      return { ids, data }
    }
    const a = await run(42, 0.3)
    const own = a.data.filter((i) => i.customer_id === "cus_1")
    const foreign = a.data.filter((i) => i.customer_id !== "cus_1")
    // every right invoice still comes back exactly once, in order
    expect(own.map((i) => i.id)).toEqual(sortedIds(invoices(5, 40).filter((i) => i.customer_id === "cus_1")))
    // 40 trials at 0.3: expect about 12 foreign invoices
    expect(foreign.length).toBeGreaterThanOrEqual(4)
    expect(foreign.length).toBeLessThanOrEqual(24)
    // inserted at random positions, not just appended
    expect(a.data.slice(0, -1).some((i) => i.customer_id !== "cus_1")).toBe(true)

    const b = await run(42, 0.3)
    expect(b.ids).toEqual(a.ids)
    // default rate is 0.2
    const c = await run(7)
    expect(c.data.filter((i) => i.customer_id !== "cus_1").length).toBeGreaterThan(0)
  })

  it("missing_filter_field drops customer_id from every invoice", async () => {
    await start({ invoiceDrift: "missing_filter_field" })
    sb!.seedInvoices(invoices(2, 3))
    const page = await list({ customer_id: "cus_1" })
    expect(page.data).toHaveLength(3)
    for (const inv of page.data) {
      expect(inv).not.toHaveProperty("customer_id")
      expect(inv.id).toMatch(/^inv_1_/)
    }
    // the stored data is untouched
    expect(sb!.invoices().every((i) => typeof i.customer_id === "string")).toBe(true)
  })

  it("inconsistent_pages: a naive walk sees duplicates or misses, but always terminates", async () => {
    const n = 40
    const limit = 5
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      await start({ invoiceDrift: "inconsistent_pages", seed })
      const seeded = invoices(2, n)
      sb!.seedInvoices(seeded)
      const expected = sortedIds(seeded.filter((i) => i.customer_id === "cus_1"))
      const { ids, pages, terminated } = await walk({ customer_id: "cus_1", limit }, 1000)

      expect(terminated).toBe(true)
      // every page moves forward by at least one item; at most 3 surplus pages
      expect(pages.length).toBeLessThanOrEqual(n + 3 * (limit + 1))
      const duplicates = ids.length - new Set(ids).size
      const missed = expected.filter((id) => !ids.includes(id)).length
      expect(duplicates + missed).toBeGreaterThan(0)
      // the filter itself still holds
      expect(ids.every((id) => id.startsWith("inv_1_"))).toBe(true)
      await sb!.close()
      sb = undefined
    }
  })

  it("inconsistent_pages may hand out extra empty or repeated pages after the end, capped", async () => {
    let sawExtra = false
    for (let seed = 1; seed <= 30; seed++) {
      await start({ invoiceDrift: "inconsistent_pages", seed })
      sb!.seedInvoices(invoices(1, 3))
      // one page holds everything, so any page after the first is a surplus one
      const { pages, terminated } = await walk({ customer_id: "cus_1", limit: 10 }, 100)
      expect(terminated).toBe(true)
      expect(pages.length).toBeLessThanOrEqual(1 + 3)
      expect(pages[0].data).toHaveLength(3)
      for (const p of pages.slice(1)) {
        sawExtra = true
        expect(p.data.every((i) => pages[0].data.some((f) => f.id === i.id))).toBe(true)
      }
      await sb!.close()
      sb = undefined
    }
    expect(sawExtra).toBe(true)
  })

  it("drift draws are reproducible with the same seed", async () => {
    const run = async () => {
      await start({ invoiceDrift: "inconsistent_pages", seed: 99 })
      sb!.seedInvoices(invoices(2, 30))
      const { ids } = await walk({ customer_id: "cus_2", limit: 4 })
      await sb!.close()
      sb = undefined
      return ids
    }
    expect(await run()).toEqual(await run())
  })

  it("GET /invoices/:id answers the invoice or 404, and wrong_invoice returns another one", async () => {
    await start({ seed: 3 })
    sb!.seedInvoices(invoices(3, 3))
    const ok = await get("/invoices/inv_2_001")
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ id: "inv_2_001", customer_id: "cus_2", number: "F-2-1" })
    const missing = await get("/invoices/inv_nope")
    expect(missing.status).toBe(404)
    expect(missing.body).toHaveProperty("message")

    sb!.setFaults({ invoiceByIdDrift: "wrong_invoice" })
    for (let i = 0; i < 10; i++) {
      const wrong = await get("/invoices/inv_2_001")
      expect(wrong.status).toBe(200)
      expect(wrong.body.id).not.toBe("inv_2_001")
      expect(sb!.invoices().map((x) => x.id)).toContain(wrong.body.id)
    }
    // the control view is never drifted
    const truth = await get("/__invoices")
    expect(truth.body.data).toHaveLength(9)
    sb!.setFaults({ invoiceByIdDrift: "none" })
    expect((await get("/invoices/inv_2_001")).body.id).toBe("inv_2_001")
  })

  it("GET /invoices/:id/pdf serves a small PDF naming the invoice, 404 when absent", async () => {
    await start()
    sb!.seedInvoices([{ id: "inv_x", customer_id: "cus_1", number: "F-2024-(7)", total: 1250, currency_code: "eur" }])
    const res = await fetch(`${sb!.url}/invoices/inv_x/pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("application/pdf")
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(Number(res.headers.get("content-length"))).toBe(bytes.length)
    const text = bytes.toString("latin1")
    expect(text.startsWith("%PDF-1.4\n")).toBe(true)
    expect(text.trimEnd().endsWith("%%EOF")).toBe(true)
    expect(text).toContain("F-2024-(7)")
    expect(text).toContain("cus_1")
    // the xref table points at the objects
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1])
    expect(text.slice(startxref, startxref + 4)).toBe("xref")
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    offsets.forEach((o, i) => expect(text.slice(o).startsWith(`${i + 1} 0 obj`)).toBe(true))

    const missing = await fetch(`${sb!.url}/invoices/inv_nope/pdf`)
    expect(missing.status).toBe(404)
    expect(await missing.json()).toHaveProperty("message")
  })

  it("counts list calls, returned and foreign invoices in stats", async () => {
    await start({ seed: 5 })
    sb!.seedInvoices(invoices(3, 4))
    await list({ customer_id: "cus_1" })
    expect(sb!.stats()).toMatchObject({ invoiceListCalls: 1, invoicesReturned: 4, foreignInvoicesReturned: 0 })

    sb!.setFaults({ invoiceDrift: "ignore_filter" })
    await list({ customer_id: "cus_1" })
    expect(sb!.stats()).toMatchObject({ invoiceListCalls: 2, invoicesReturned: 16, foreignInvoicesReturned: 8 })

    sb!.setFaults({ invoiceDrift: "missing_filter_field" })
    await list({ customer_id: "cus_2" })
    expect(sb!.stats()).toMatchObject({ invoiceListCalls: 3, invoicesReturned: 20, foreignInvoicesReturned: 12 })

    // a 400 is not a list answer; control routes and GET /invoices/:id are not list calls
    sb!.setFaults({ invoiceDrift: "none", invoiceByIdDrift: "wrong_invoice" })
    await get("/invoices")
    await get("/invoices/inv_1_000")
    await get("/__invoices")
    const stats = (await get("/__stats")).body
    expect(stats).toMatchObject({ invoiceListCalls: 3, invoicesReturned: 20, foreignInvoicesReturned: 12 })
    expect(stats.byRoute).toMatchObject({ "GET /invoices": 4, "GET /invoices/:id": 1 })

    sb!.reset()
    expect(sb!.stats()).toMatchObject({ invoiceListCalls: 0, invoicesReturned: 0, foreignInvoicesReturned: 0 })
  })

  it("validates the drift faults and never drifts control routes", async () => {
    await start()
    expect(sb!.faults()).toMatchObject({ invoiceDrift: "none", invoiceMixRate: 0.2, invoiceByIdDrift: "none" })
    expect(() => sb!.setFaults({ invoiceDrift: "sideways" as never })).toThrow(TypeError)
    expect(() => sb!.setFaults({ invoiceMixRate: 1.5 })).toThrow(TypeError)
    expect(() => sb!.setFaults({ invoiceByIdDrift: "nope" as never })).toThrow(TypeError)
    const bad = await fetch(`${sb!.url}/__faults`, { method: "POST", body: JSON.stringify({ invoiceDrift: "x" }) })
    expect(bad.status).toBe(400)

    const set = await fetch(`${sb!.url}/__faults`, {
      method: "POST",
      body: JSON.stringify({ invoiceDrift: "missing_filter_field", invoiceByIdDrift: "wrong_invoice" }),
    })
    expect(await set.json()).toMatchObject({ invoiceDrift: "missing_filter_field", invoiceByIdDrift: "wrong_invoice" })
    const seeded = await fetch(`${sb!.url}/__invoices`, {
      method: "POST",
      body: JSON.stringify([
        { id: "inv_a", customer_id: "cus_1" },
        { id: "inv_b", customer_id: "cus_2" },
      ]),
    })
    expect(await seeded.json()).toEqual({ count: 2 })
    expect((await get("/__invoices")).body.data).toEqual([
      { id: "inv_a", customer_id: "cus_1" },
      { id: "inv_b", customer_id: "cus_2" },
    ])
    expect(sb!.stats().requests).toBe(0)
    expect((await (await fetch(`${sb!.url}/__faults`, { method: "DELETE" })).json()).invoiceDrift).toBe("none")
  })
})
