import type { CallOptions } from "./rpc-client"

/** One Tryton model call, bound to a delivery's lease check and trace (or to none). */
export type Call = <T = any>(model: string, method: string, args: unknown[], extra?: Pick<CallOptions, "context">) => Promise<T>

/** Medusa data Tryton cannot take as it is: the same send fails forever. */
import { MappingError } from "../../errors"
export { MappingError }

/** Ids that do not change while the connector runs (currencies, countries, products, warehouses). */
const LOOKUP_TTL_MS = 5 * 60_000

/** Master-data ids looked up once and kept a few minutes, so a sale costs no extra calls for them. */
export class TrytonLookups {
  private readonly lookups = new Map<string, { value: unknown; at: number }>()

  async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.lookups.get(key)
    if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return hit.value as T
    const value = await load()
    if (value !== null && value !== undefined) this.lookups.set(key, { value, at: Date.now() })
    return value
  }

  countryId(code: string, call: Call): Promise<number | null> {
    return this.cached(`country:${code}`, async () => {
      const [id] = await call<number[]>("country.country", "search", [[["code", "=", code]], 0, 1, null])
      return id ?? null
    })
  }

  currencyId(code: string, call: Call): Promise<number> {
    return this.cached(`currency:${code}`, async () => {
      const [id] = await call<number[]>("currency.currency", "search", [[["code", "=", code]], 0, 1, null])
      if (!id) throw new MappingError(`Tryton has no currency ${code}`)
      return id
    })
  }

  async products(skus: string[], call: Call): Promise<Map<string, number>> {
    const found = new Map<string, number>()
    const missing = skus.filter((sku) => {
      const hit = this.lookups.get(`product:${sku}`)
      if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) {
        found.set(sku, hit.value as number)
        return false
      }
      return true
    })
    if (missing.length) {
      const rows = await call<Array<{ id: number; code: string }>>("product.product", "search_read", [
        [["code", "in", missing]],
        0,
        null,
        null,
        ["code"],
      ])
      for (const row of rows) {
        found.set(row.code, row.id)
        this.lookups.set(`product:${row.code}`, { value: row.id, at: Date.now() })
      }
    }
    const unknown = skus.filter((sku) => !found.has(sku))
    if (unknown.length) {
      throw new MappingError(`Tryton has no product with code ${unknown.join(", ")} (products are matched by code = SKU)`)
    }
    return found
  }
}
