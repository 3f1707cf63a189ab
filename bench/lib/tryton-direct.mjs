// The baseline of bench:tryton: a plain JSON-RPC client (fetch, one session) making the calls
// the Tryton connector makes for an order, in the same order, with the same lookups cached.

/** The order bench/tryton-seed.ts creates in Medusa for index i, as the connector maps it. */
export function benchOrder(reference, i, tag) {
  return {
    reference,
    description: `Medusa order ${reference}`,
    party: { code: `cus_${tag}_${i % 50}`, name: `Bench Buyer ${i % 50}`, email: `buyer${i % 50}@syncguard.test` },
    address: {
      name: `Bench Buyer ${i % 50}`,
      street: `${i % 50} Ledger Lane`,
      city: "Springfield",
      postal_code: "12345",
      country_code: "US",
    },
    lines: [
      { sku: "SKU-001", description: "T-Shirt", quantity: 1 + (i % 3), unitPrice: 10 },
      ...(i % 2 ? [{ sku: "SKU-002", description: "Hoodie", quantity: 1, unitPrice: 25 }] : []),
    ],
  }
}

export class TrytonClient {
  constructor(target) {
    this.target = target
    this.session = null
    this.seq = 0
  }

  async rpc(method, params, auth) {
    const res = await fetch(`${this.target.url}/${this.target.database}/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
      body: JSON.stringify({ id: ++this.seq, method, params }),
    })
    if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status}`)
    const body = await res.json()
    if (body.error) {
      const error = new Error(`${method}: ${JSON.stringify(body.error)}`)
      error.kind = Array.isArray(body.error) ? body.error[0] : "server"
      throw error
    }
    return body.result
  }

  async call(model, method, args, context = {}) {
    this.session ??= (async () => {
      const { login, password } = this.target
      const [uid, key] = await this.rpc("common.db.login", [login, { password }, "en"])
      const auth = "Session " + Buffer.from(`${login}:${uid}:${key}`).toString("base64")
      return { auth, context: await this.rpc("model.res.user.get_preferences", [true, {}], auth) }
    })()
    const session = await this.session
    return this.rpc(`model.${model}.${method}`, [...args, { ...session.context, ...context }], session.auth)
  }
}

const dec = (n) => ({ __class__: "Decimal", decimal: String(n) })
const taxIds = (v) => (v && Array.isArray(v.add) ? v.add.map((e) => e[1].id) : Array.isArray(v) ? v : [])

/** Sends every order the way the connector does; resolves with the elapsed time. */
export async function runDirectClient({ target, orders, concurrency }) {
  const client = new TrytonClient(target)
  const cache = new Map()
  const cached = async (key, load) => {
    if (!cache.has(key)) cache.set(key, await load())
    return cache.get(key)
  }
  const call = (model, method, ...args) => client.call(model, method, args)
  const readSale = async (id) => (await call("sale.sale", "read", [id], ["state", "invoices", "number"]))[0]

  async function send(o) {
    const [existing] = await call(
      "sale.sale",
      "search_read",
      [["reference", "=", o.reference]],
      0,
      10,
      [["id", "ASC"]],
      ["state", "invoices", "number"]
    )
    let sale = existing
    if (!sale) {
      const search = () => call("party.party", "search", [["code", "=", o.party.code]], 0, 1, null)
      let [party] = await search()
      if (!party) {
        try {
          ;[party] = await call("party.party", "create", [
            {
              code: o.party.code,
              name: o.party.name,
              contact_mechanisms: [["create", [{ type: "email", value: o.party.email }]]],
            },
          ])
        } catch (error) {
          if (error.kind !== "UserError") throw error
          ;[party] = await search()
        }
      }
      let [address] = await call(
        "party.address",
        "search",
        [
          ["party", "=", party],
          ["street", "=", o.address.street],
          ["postal_code", "=", o.address.postal_code],
        ],
        0,
        1,
        null
      )
      if (!address) {
        const country = await cached(
          `country:${o.address.country_code}`,
          async () => (await call("country.country", "search", [["code", "=", o.address.country_code]], 0, 1, null))[0]
        )
        ;[address] = await call("party.address", "create", [
          {
            party,
            name: o.address.name,
            street: o.address.street,
            city: o.address.city,
            postal_code: o.address.postal_code,
            country,
          },
        ])
      }
      const currency = await cached(
        "currency:USD",
        async () => (await call("currency.currency", "search", [["code", "=", "USD"]], 0, 1, null))[0]
      )
      const skus = [...new Set(o.lines.map((l) => l.sku))]
      const missing = skus.filter((s) => !cache.has(`product:${s}`))
      if (missing.length) {
        for (const row of await call("product.product", "search_read", [["code", "in", missing]], 0, null, null, [
          "code",
        ]))
          cache.set(`product:${row.code}`, row.id)
      }
      const lines = []
      for (const l of o.lines) {
        const product = cache.get(`product:${l.sku}`)
        const changes = await call("sale.line", "on_change_product", {
          product,
          quantity: l.quantity,
          type: "line",
          unit: null,
          taxes: [],
          sale: { party, currency },
        })
        lines.push({
          type: "line",
          product,
          description: l.description,
          quantity: l.quantity,
          unit: changes.unit,
          unit_price: dec(l.unitPrice),
          taxes: [["add", taxIds(changes.taxes)]],
        })
      }
      const [id] = await call("sale.sale", "create", [
        {
          party,
          reference: o.reference,
          description: o.description,
          currency,
          invoice_address: address,
          shipment_address: address,
          lines: [["create", lines]],
        },
      ])
      sale = { id, state: "draft" }
    }
    if (sale.state === "draft") {
      await call("sale.sale", "quote", [sale.id])
      sale = await readSale(sale.id)
    }
    if (sale.state === "quotation") {
      await call("sale.sale", "confirm", [sale.id])
      sale = await readSale(sale.id)
    }
    if (sale.state === "confirmed") {
      await call("sale.sale", "process", [sale.id])
      sale = await readSale(sale.id)
    }
    if (sale.state !== "processing") throw new Error(`sale ${sale.id} is ${sale.state}`)
  }

  const started = Date.now()
  let next = 0
  let errors = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < orders.length) {
        const o = orders[next++]
        try {
          await send(o)
        } catch {
          errors++
        }
      }
    })
  )
  return { ms: Date.now() - started, errors }
}
