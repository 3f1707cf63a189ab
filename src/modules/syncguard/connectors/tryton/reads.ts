import type { InvoiceSource, StockLevel, StockSource } from "../contract"
import { Call, TrytonLookups } from "./lookups"
import { fromTrytonInvoice, TRYTON_INVOICE_FIELDS } from "./map-invoice"
import type { TrytonRpc } from "./rpc-client"
import { fromBytes } from "./typed-json"

/** Runs a read, turning Tryton's failures into UpstreamError. */
type Read = <T>(run: () => Promise<T>) => Promise<T>

/** Invoice ids as Tryton writes them: "01" would read invoice 1 and count as a scope violation. */
const RECORD_ID = /^[1-9]\d{0,9}$/

const REPORT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  odt: "application/vnd.oasis.opendocument.text",
  html: "text/html",
  txt: "text/plain",
}

/** A party's customer invoices in the states customers may see, one invoice, and its report. */
export function trytonInvoices(rpc: TrytonRpc, call: Call, read: Read, states: string[]): InvoiceSource {
  const invoiceDomain = [["type", "=", "out"], ["state", "in", states]]
const source: InvoiceSource = {
  listInvoices: async ({ remoteCustomerId, status, cursor, limit }) => {
    const party = Number(remoteCustomerId)
    if (!Number.isInteger(party)) return { invoices: [], nextCursor: null }
    const offset = Number(cursor ?? 0) || 0
    const domain: unknown[] = [["party", "=", party], ...invoiceDomain]
    if (status) domain.push(["state", "=", status])
    const rows = await read(() =>
      call<any[]>("account.invoice", "search_read", [domain, offset, limit, [["id", "ASC"]], TRYTON_INVOICE_FIELDS])
    )
    return { invoices: rows.map(fromTrytonInvoice), nextCursor: rows.length === limit ? String(offset + limit) : null }
  },
  getInvoice: async (id) => {
    if (!RECORD_ID.test(id)) return null
    const rows = await read(() =>
      call<any[]>("account.invoice", "search_read", [[["id", "=", Number(id)], ...invoiceDomain], 0, 1, null, TRYTON_INVOICE_FIELDS])
    )
    return rows.length ? fromTrytonInvoice(rows[0]) : null
  },
  getInvoicePdf: async (id) => {
    if (!RECORD_ID.test(id)) return null
    // reading a missing id is an access error in Tryton: look it up among customer invoices first
    if (!(await source.getInvoice(id))) return null
    // report.<name>.execute answers [format, content, direct_print, name]; the format is the
    // template's (odt) unless the Tryton host converts reports (LibreOffice installed there)
    const answer = await read(() => rpc.report<[string, unknown, boolean, string]>("account.invoice", [Number(id)], {}))
    const body = fromBytes(answer?.[1])
    if (!answer || !body) return null
    return { contentType: REPORT_TYPES[answer[0]] ?? "application/octet-stream", body }
  },
  describeListQuery: ({ remoteCustomerId, status }) =>
    `account.invoice search_read party=${remoteCustomerId} type=out state in ${states.join("/")}${status ? ` state=${status}` : ""}`,
}
  return source
}

/** Stock per SKU and warehouse: `quantity` and `forecast_quantity` as Tryton counts them. */
export function trytonStock(call: Call, read: Read, lookups: TrytonLookups): StockSource {
return {
  stockLevels: async (skus) => {
    if (!skus.length) return []
          const warehouses = await read(() =>
      lookups.cached("warehouses", () => call<any[]>("stock.location", "search_read", [[["type", "=", "warehouse"]], 0, null, [["id", "ASC"]], ["code", "name"]]))
    )
    const levels: StockLevel[] = []
    for (const warehouse of warehouses) {
      const rows = await read(() =>
        call<any[]>("product.product", "search_read", [[["code", "in", skus]], 0, null, null, ["code", "quantity", "forecast_quantity"]], {
          // without `locations` Tryton answers 0 for every product
          context: { locations: [warehouse.id] },
        })
      )
      for (const row of rows) {
        levels.push({
          sku: String(row.code),
          location: String(warehouse.code || warehouse.name || warehouse.id),
          quantity: Number(row.quantity ?? 0),
          forecastQuantity: Number(row.forecast_quantity ?? 0),
        })
      }
    }
    return levels
  },
}
}
