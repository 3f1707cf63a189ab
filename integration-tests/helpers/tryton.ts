import { execFileSync } from "node:child_process"
import path from "node:path"

const SETUP = path.join(__dirname, "../../tryton/setup.sh")

export type TrytonTarget = { url: string; database: string; login: string; password: string }

const BASE = {
  url: process.env.TRYTON_URL ?? `http://127.0.0.1:${process.env.TRYTON_PORT ?? 8000}`,
  login: process.env.TRYTON_LOGIN ?? "medusa",
  password: process.env.TRYTON_PASSWORD ?? "medusa-api-pw-9281",
}

/**
 * A fresh copy of the initialised Tryton database (company, chart, fiscal years, products
 * SKU-001..003 with stock, an API user), served by the running server under its own name.
 * `npm run test:tryton` starts the server first (tryton/setup.sh).
 */
export function cloneTryton(name: string): TrytonTarget {
  execFileSync("bash", [SETUP, "drop-clone", name], { stdio: "pipe" })
  execFileSync("bash", [SETUP, "clone", name], { stdio: "pipe" })
  return { ...BASE, database: name }
}

export function dropTryton(name: string): void {
  execFileSync("bash", [SETUP, "drop-clone", name], { stdio: "pipe" })
}

/**
 * A plain JSON-RPC client for assertions: it checks what is in Tryton without going through
 * the connector under test.
 */
export class TrytonProbe {
  private auth: string | null = null
  private context: Record<string, unknown> = {}
  private seq = 0

  constructor(private readonly target: TrytonTarget) {}

  async rpc(method: string, params: unknown[]): Promise<any> {
    const headers: Record<string, string> = { "Content-Type": "application/json" }
    if (this.auth) headers.Authorization = this.auth
    const res = await fetch(`${this.target.url}/${this.target.database}/`, {
      method: "POST",
      headers,
      body: JSON.stringify({ id: ++this.seq, method, params }),
    })
    if (res.status !== 200) throw new Error(`${method}: HTTP ${res.status}`)
    const body = await res.json()
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`)
    return body.result
  }

  async call(model: string, method: string, ...args: unknown[]): Promise<any> {
    if (!this.auth) {
      const [uid, key] = await this.rpc("common.db.login", [
        this.target.login,
        { password: this.target.password },
        "en",
      ])
      this.auth = "Session " + Buffer.from(`${this.target.login}:${uid}:${key}`).toString("base64")
      this.context = await this.rpc("model.res.user.get_preferences", [true, {}])
    }
    return this.rpc(`model.${model}.${method}`, [...args, this.context])
  }

  sales(
    reference: string
  ): Promise<
    Array<{ id: number; state: string; invoices: number[]; shipments: number[]; party: number; reference: string }>
  > {
    return this.call(
      "sale.sale",
      "search_read",
      [["reference", "=", reference]],
      0,
      null,
      [["id", "ASC"]],
      ["state", "invoices", "shipments", "party", "reference", "lines"]
    )
  }

  parties(code: string): Promise<Array<{ id: number; code: string; name: string }>> {
    return this.call("party.party", "search_read", [["code", "=", code]], 0, null, null, ["code", "name"])
  }
}
