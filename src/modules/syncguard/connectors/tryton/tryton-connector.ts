import type { Logger } from "@medusajs/framework/types"
import type {
  Connector,
  CustomerDirectory,
  DeliveryRequest,
  DeliveryResult,
  InvoiceSource,
  StockLevel,
  StockSource,
  VerifyResult,
  WireExchange,
} from "../../types/connector"
import { LeaseLostError, UpstreamError } from "../../types/connector"
import type { TrytonConnectorOptions } from "../../types/options"
import type { Throttle } from "../throttle"
import { classifyTrytonFailure } from "./classify"
import { TrytonRpcError, TrytonTransportError } from "./errors"
import { fromTrytonInvoice, TRYTON_INVOICE_FIELDS } from "./map-invoice"
import {
  SALE_ARRIVED_STATES,
  SALE_CANCELLABLE_STATES,
  toTrytonParty,
  toTrytonSale,
  TrytonAddressDraft,
  TrytonPartyDraft,
  TrytonSaleDraft,
} from "./map-sale"
import { CallOptions, TrytonCallRecord, TrytonRpc } from "./rpc-client"
import { fromBytes, toDecimal } from "./typed-json"

type Call = <T = any>(model: string, method: string, args: unknown[], extra?: Pick<CallOptions, "context">) => Promise<T>
type SaleRow = { id: number; state: string; invoices: number[]; number: string | null; lines?: number[] }

/** Medusa data Tryton cannot take as it is: the same send fails forever. */
class MappingError extends Error {}

const SALE_FIELDS = ["state", "invoices", "number", "lines"]
/** How far along a sale is: of several sales with one reference, the furthest is kept. */
const STATE_RANK: Record<string, number> = { cancelled: 0, draft: 1, quotation: 2, confirmed: 3, processing: 4, done: 5 }
/** Invoice ids as Tryton writes them: "01" would read invoice 1 and count as a scope violation. */
const RECORD_ID = /^[1-9]\d{0,9}$/
/** Ids that do not change while the connector runs (currencies, countries, products, warehouses). */
const LOOKUP_TTL_MS = 5 * 60_000

/**
 * Tryton 6.0 over JSON-RPC. Customers are parties (`code` = Medusa customer id, unique in
 * Tryton); orders are sales (`reference` = Medusa order id, not unique: the outbox sends one
 * message per order at a time, and every send searches before it creates). A send converges:
 * whatever an earlier, interrupted try left (nothing, a draft, a quotation) is carried on to a
 * confirmed, processed sale, and the state is read back because Tryton's buttons answer
 * success even when they did nothing.
 */
export class TrytonConnector implements Connector {
  readonly kind = "tryton"
  private readonly rpc: TrytonRpc
  private readonly entities: Set<string>
  private readonly lookups = new Map<string, { value: unknown; at: number }>()

  constructor(
    readonly name: string,
    private readonly options: TrytonConnectorOptions,
    private readonly logger?: Logger,
    throttle?: Throttle
  ) {
    this.entities = new Set(options.entities ?? ["order", "customer"])
    this.rpc = new TrytonRpc({
      url: options.url,
      database: options.database,
      login: options.login,
      password: options.password,
      language: options.language,
      timeoutMs: options.timeoutMs,
      throttle,
    })
  }

  takes(entityType: string): boolean {
    return this.entities.has(entityType)
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const trace: TrytonCallRecord[] = []
    const call = this.caller({ beforeSend: request.beforeSend, trace })
    let result: DeliveryResult
    try {
      switch (request.operation) {
        case "customer.upsert":
          result = await this.upsertParty(toTrytonParty(request.entity), call)
          break
        case "order.create":
        case "order.update":
          result = await this.ensureSale(this.mapSale(request.entity), String(request.entity.status ?? ""), call)
          break
        case "order.cancel":
          result = await this.cancelSale(String(request.entity.id ?? request.entityId), call)
          break
        default:
          result = { outcome: "permanent", errorClass: "mapping", message: `The tryton connector has no mapping for ${request.operation}`, httpStatus: null }
      }
    } catch (error) {
      if (error instanceof LeaseLostError) throw error
      if (error instanceof MappingError) {
        result = { outcome: "permanent", errorClass: "mapping", message: error.message, httpStatus: null }
      } else {
        result = classifyTrytonFailure(error)
        if (result.outcome === "unknown") {
          // Tryton may still be working on the call our timeout gave up on: look it up no
          // sooner than another timeout from now, so the lookup sees what that call did
          result = { ...result, retryAfterMs: this.options.timeoutMs ?? 10_000 }
        }
        if (result.outcome === "permanent") {
          this.logger?.warn(`syncguard: ${this.name} refused ${request.operation} of ${request.entityId}: ${result.message}`)
        }
      }
    }
    return { ...result, exchange: this.exchangeOf(trace) }
  }

  async verify(request: DeliveryRequest): Promise<VerifyResult> {
    if (request.operation === "customer.upsert") {
      return { exists: false } // an upsert converges: sending it again is harmless
    }
    const sale = await this.findSale(request.entityId, this.caller({ beforeSend: request.beforeSend }))
    const done = request.operation === "order.cancel" ? ["cancelled"] : SALE_ARRIVED_STATES
    // a sale left as a draft or quotation has not arrived: the next send carries it on
    return sale && done.includes(sale.state) ? { exists: true, remoteId: String(sale.id) } : { exists: false }
  }

  readonly customers: CustomerDirectory = {
    findRemoteCustomerId: async (externalId) => {
      const ids = await this.read(() =>
        this.caller({})<number[]>("party.party", "search", [[["code", "=", externalId]], 0, 2, null])
      )
      return ids.length ? String(ids[0]) : null
    },
  }

  readonly invoices: InvoiceSource = {
    listInvoices: async ({ remoteCustomerId, status, cursor, limit }) => {
      const party = Number(remoteCustomerId)
      if (!Number.isInteger(party)) return { invoices: [], nextCursor: null }
      const offset = Number(cursor ?? 0) || 0
      const domain: unknown[] = [["party", "=", party], ...this.invoiceDomain()]
      if (status) domain.push(["state", "=", status])
      const rows = await this.read(() =>
        this.caller({})<any[]>("account.invoice", "search_read", [domain, offset, limit, [["id", "ASC"]], TRYTON_INVOICE_FIELDS])
      )
      return { invoices: rows.map(fromTrytonInvoice), nextCursor: rows.length === limit ? String(offset + limit) : null }
    },
    getInvoice: async (id) => {
      if (!RECORD_ID.test(id)) return null
      const rows = await this.read(() =>
        this.caller({})<any[]>("account.invoice", "search_read", [[["id", "=", Number(id)], ...this.invoiceDomain()], 0, 1, null, TRYTON_INVOICE_FIELDS])
      )
      return rows.length ? fromTrytonInvoice(rows[0]) : null
    },
    getInvoicePdf: async (id) => {
      if (!RECORD_ID.test(id)) return null
      // reading a missing id is an access error in Tryton: look it up among customer invoices first
      if (!(await this.invoices.getInvoice(id))) return null
      // report.<name>.execute answers [format, content, direct_print, name]; the format is the
      // template's (odt) unless the Tryton host converts reports (LibreOffice installed there)
      const answer = await this.read(() => this.rpc.report<[string, unknown, boolean, string]>("account.invoice", [Number(id)], {}))
      const body = fromBytes(answer?.[1])
      if (!answer || !body) return null
      return { contentType: REPORT_TYPES[answer[0]] ?? "application/octet-stream", body }
    },
    describeListQuery: ({ remoteCustomerId, status }) =>
      `account.invoice search_read party=${remoteCustomerId} type=out state in ${this.invoiceStates.join("/")}${status ? ` state=${status}` : ""}`,
  }

  readonly stock: StockSource = {
    stockLevels: async (skus) => {
      if (!skus.length) return []
      const call = this.caller({})
      const warehouses = await this.read(() =>
        this.cached("warehouses", () => call<any[]>("stock.location", "search_read", [[["type", "=", "warehouse"]], 0, null, [["id", "ASC"]], ["code", "name"]]))
      )
      const levels: StockLevel[] = []
      for (const warehouse of warehouses) {
        const rows = await this.read(() =>
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

  /** Customer invoices in the states a customer may see (drafts are accounting's work in progress). */
  private get invoiceStates(): string[] {
    return this.options.invoiceStates ?? ["posted", "paid"]
  }

  private invoiceDomain(): unknown[] {
    return [["type", "=", "out"], ["state", "in", this.invoiceStates]]
  }

  private mapSale(entity: Record<string, unknown>): TrytonSaleDraft {
    try {
      return toTrytonSale(entity)
    } catch (error) {
      throw new MappingError((error as Error).message)
    }
  }

  private caller(options: Pick<CallOptions, "beforeSend" | "trace">): Call {
    return (model, method, args, extra) => this.rpc.model(model, method, args, { ...options, ...(extra ?? {}) })
  }

  /** Reads for the invoice API and stock: Tryton's failures become UpstreamError. */
  private async read<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run()
    } catch (error) {
      if (error instanceof TrytonRpcError || error instanceof TrytonTransportError) {
        throw new UpstreamError(this.name, `${this.name}: ${error.message}`, (error as TrytonTransportError).status ?? null)
      }
      throw error
    }
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.lookups.get(key)
    if (hit && Date.now() - hit.at < LOOKUP_TTL_MS) return hit.value as T
    const value = await load()
    if (value !== null && value !== undefined) this.lookups.set(key, { value, at: Date.now() })
    return value
  }

  /**
   * The sale for an order. Tryton does not enforce unique references, and a create our timeout
   * gave up on can still commit after a resend: when several sales carry the reference, the
   * one furthest along is kept and the other drafts (never quoted, so nothing else refers to
   * them) are deleted. Duplicates past draft cannot be undone here and are logged as errors.
   */
  private async findSale(reference: string, call: Call): Promise<SaleRow | null> {
    const rows = await call<SaleRow[]>("sale.sale", "search_read", [[["reference", "=", reference]], 0, 10, [["id", "ASC"]], SALE_FIELDS])
    if (rows.length <= 1) return rows[0] ?? null
    const keep = [...rows].sort((a, b) => (STATE_RANK[b.state] ?? 0) - (STATE_RANK[a.state] ?? 0) || a.id - b.id)[0]
    const drafts = rows.filter((r) => r !== keep && r.state === "draft").map((r) => r.id)
    if (drafts.length) {
      await call("sale.sale", "delete", [drafts])
      this.logger?.warn(`syncguard: ${this.name} deleted duplicate draft sale(s) ${drafts.join(", ")} for order ${reference}; kept sale ${keep.id}`)
    }
    const stuck = rows.filter((r) => r !== keep && r.state !== "draft" && r.state !== "cancelled")
    if (stuck.length) {
      this.logger?.error(
        `syncguard: ${this.name} has ${stuck.length + 1} sales past draft for order ${reference} (ids ${[keep, ...stuck].map((r) => r.id).join(", ")}); keeping ${keep.id}, the others need a person in Tryton`
      )
    }
    return keep
  }

  private async upsertParty(draft: TrytonPartyDraft, call: Call): Promise<DeliveryResult> {
    const id = await this.ensureParty(draft, call, true)
    return { outcome: "delivered", remoteId: String(id), httpStatus: 200 }
  }

  /** The party whose code is the Medusa customer id; created when missing. */
  private async ensureParty(draft: TrytonPartyDraft, call: Call, update = false): Promise<number> {
    const search = () => call<number[]>("party.party", "search", [[["code", "=", draft.code]], 0, 1, null])
    const [existing] = await search()
    if (existing) {
      if (update) {
        await call("party.party", "write", [[existing], { name: draft.name }])
        if (draft.email) await this.ensureEmail(existing, draft.email, call)
      }
      return existing
    }
    try {
      const [id] = await call<number[]>("party.party", "create", [
        [
          {
            code: draft.code,
            name: draft.name,
            ...(draft.email ? { contact_mechanisms: [["create", [{ type: "email", value: draft.email }]]] } : {}),
          },
        ],
      ])
      return id
    } catch (error) {
      // the code is unique: a concurrent send (the customer's own message) created it first
      if (error instanceof TrytonRpcError && error.kind === "UserError") {
        const [raced] = await search()
        if (raced) return raced
      }
      throw error
    }
  }

  /** The party's first email is the customer's current one (a changed email replaces it). */
  private async ensureEmail(party: number, email: string, call: Call): Promise<void> {
    const mechanisms = await call<Array<{ id: number; value: string }>>("party.contact_mechanism", "search_read", [
      [["party", "=", party], ["type", "=", "email"]],
      0,
      null,
      [["sequence", "ASC"], ["id", "ASC"]],
      ["value"],
    ])
    if (mechanisms[0]?.value === email) return
    if (mechanisms.length) {
      await call("party.contact_mechanism", "write", [[mechanisms[0].id], { value: email }])
    } else {
      await call("party.contact_mechanism", "create", [[{ party, type: "email", value: email }]])
    }
  }

  /** An address of the party equal to the order's, created when missing; the party's first otherwise. */
  private async ensureAddress(party: number, address: TrytonAddressDraft | null, call: Call): Promise<number> {
    if (address) {
      const country = address.country_code ? await this.countryId(address.country_code, call) : null
      const domain: unknown[] = [
        ["party", "=", party],
        ["street", "=", address.street],
        ["postal_code", "=", address.postal_code],
        ["city", "=", address.city],
        ["country", "=", country],
      ]
      const [found] = await call<number[]>("party.address", "search", [domain, 0, 1, null])
      if (found) return found
      const [id] = await call<number[]>("party.address", "create", [
        [{ party, name: address.name, street: address.street, city: address.city, postal_code: address.postal_code, country }],
      ])
      return id
    }
    const [first] = await call<number[]>("party.address", "search", [[["party", "=", party]], 0, 1, [["sequence", "ASC"], ["id", "ASC"]]])
    if (!first) throw new MappingError(`Party ${party} has no address and the order has no shipping address: Tryton needs one to quote the sale`)
    return first
  }

  private countryId(code: string, call: Call): Promise<number | null> {
    return this.cached(`country:${code}`, async () => {
      const [id] = await call<number[]>("country.country", "search", [[["code", "=", code]], 0, 1, null])
      return id ?? null
    })
  }

  private currencyId(code: string, call: Call): Promise<number> {
    return this.cached(`currency:${code}`, async () => {
      const [id] = await call<number[]>("currency.currency", "search", [[["code", "=", code]], 0, 1, null])
      if (!id) throw new MappingError(`Tryton has no currency ${code}`)
      return id
    })
  }

  private async products(skus: string[], call: Call): Promise<Map<string, number>> {
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

  /** Line values as Tryton's client would fill them (unit, taxes) via on_change_product, at Medusa's price. */
  private async saleLines(draft: TrytonSaleDraft, party: number, currency: number, call: Call) {
    const products = await this.products([...new Set(draft.lines.map((l) => l.sku))], call)
    const lines: Array<Record<string, unknown>> = []
    for (const line of draft.lines) {
      const product = products.get(line.sku)!
      // RPC create runs no on_change: without this the unit is missing and taxes come out 0
      const changes = await call<Record<string, any>>("sale.line", "on_change_product", [
        { product, quantity: line.quantity, type: "line", unit: null, taxes: [], sale: { party, currency } },
      ])
      const unit = changes?.unit
      if (!unit) throw new MappingError(`Tryton gave no unit of measure for product ${line.sku}`)
      const taxes = taxIds(changes?.taxes)
      if (line.taxInclusive && taxes.length) {
        // Tryton adds its taxes to the unit price: a tax-inclusive price would be taxed twice
        throw new MappingError(
          `Line ${line.sku} has a tax-inclusive price and Tryton taxes the product: the Tryton connector sends tax-exclusive prices only`
        )
      }
      lines.push({
        type: "line",
        product,
        description: line.description,
        quantity: line.quantity,
        unit,
        unit_price: toDecimal(line.unitPrice),
        taxes: [["add", taxes]],
      })
    }
    return lines
  }

  private async ensureSale(draft: TrytonSaleDraft, medusaStatus: string, call: Call): Promise<DeliveryResult> {
    let sale = await this.findSale(draft.reference, call)
    if (!sale) {
      if (medusaStatus === "canceled") {
        // canceled before it reached Tryton: there is nothing to create (and nothing to cancel)
        return { outcome: "delivered", remoteId: null, httpStatus: 200 }
      }
      const party = await this.ensureParty(draft.party, call)
      const address = await this.ensureAddress(party, draft.address, call)
      const currency = await this.currencyId(draft.currencyCode, call)
      const lines = await this.saleLines(draft, party, currency, call)
      const [id] = await call<number[]>("sale.sale", "create", [
        [
          {
            party,
            reference: draft.reference,
            description: draft.description,
            currency,
            invoice_address: address,
            shipment_address: address,
            lines: [["create", lines]],
          },
        ],
      ])
      sale = { id, state: "draft", invoices: [], number: null }
    } else if (sale.state !== "cancelled") {
      const changed = await this.linesChanged(sale, draft, call)
      if (changed && (sale.state === "draft" || sale.state === "quotation")) {
        sale = await this.rewriteLines(sale, draft, call)
      } else if (changed) {
        return {
          outcome: "permanent",
          errorClass: "client_error",
          message:
            `Order ${draft.reference} changed after Tryton sale ${sale.number ?? sale.id} was confirmed ` +
            `(Medusa: ${changed.medusa}; Tryton: ${changed.tryton}). Tryton locks confirmed sales: change the sale in Tryton`,
          httpStatus: 200,
        }
      }
    }
    return this.carryToProcessing(sale, call)
  }

  /** Whether the sale's lines (SKU × quantity) differ from the order's; null when they match. */
  private async linesChanged(sale: SaleRow, draft: TrytonSaleDraft, call: Call): Promise<{ medusa: string; tryton: string } | null> {
    const rows = await call<Array<{ quantity: number; "product.": { code: string } | null }>>("sale.line", "read", [
      sale.lines ?? [],
      ["quantity", "product.code"],
    ])
    const summarize = (pairs: Array<[string, number]>) => {
      const bySku = new Map<string, number>()
      for (const [sku, qty] of pairs) bySku.set(sku, (bySku.get(sku) ?? 0) + qty)
      return [...bySku].sort(([a], [b]) => a.localeCompare(b)).map(([sku, qty]) => `${sku}×${qty}`).join(", ")
    }
    const medusa = summarize(draft.lines.map((l) => [l.sku, l.quantity]))
    const tryton = summarize(rows.map((r) => [r["product."]?.code ?? "?", Number(r.quantity)]))
    return medusa === tryton ? null : { medusa, tryton }
  }

  /** A sale not yet confirmed takes the order's current lines (back to draft first). */
  private async rewriteLines(sale: SaleRow, draft: TrytonSaleDraft, call: Call): Promise<SaleRow> {
    if (sale.state === "quotation") {
      await call("sale.sale", "draft", [[sale.id]])
    }
    const [{ party, currency }] = await call<Array<{ party: number; currency: number }>>("sale.sale", "read", [[sale.id], ["party", "currency"]])
    const lines = await this.saleLines(draft, party, currency, call)
    await call("sale.sale", "write", [[sale.id], { lines: [["delete", sale.lines ?? []], ["create", lines]] }])
    return this.readSale(sale.id, call)
  }

  /** draft → quotation → confirmed → processing, reading the state back after every button. */
  private async carryToProcessing(sale: SaleRow, call: Call): Promise<DeliveryResult> {
    if (sale.state === "cancelled") {
      return {
        outcome: "permanent",
        errorClass: "client_error",
        message: `Sale ${sale.number ?? sale.id} for this order was cancelled in Tryton; it is not created again`,
        httpStatus: 200,
      }
    }
    if (sale.state === "draft") {
      await call("sale.sale", "quote", [[sale.id]])
      sale = await this.readSale(sale.id, call)
    }
    if (sale.state === "quotation") {
      await call("sale.sale", "confirm", [[sale.id]])
      sale = await this.readSale(sale.id, call)
    }
    if (sale.state === "confirmed") {
      // confirm queues `process` after commit and swallows its failure; running it again
      // either finishes the job or shows the real UserError (e.g. a product without accounts)
      await call("sale.sale", "process", [[sale.id]])
      sale = await this.readSale(sale.id, call)
    }
    if (SALE_ARRIVED_STATES.includes(sale.state)) {
      return { outcome: "delivered", remoteId: String(sale.id), httpStatus: 200 }
    }
    return {
      outcome: "retryable",
      errorClass: "server_error",
      message: `Tryton answered success but sale ${sale.number ?? sale.id} is still "${sale.state}"`,
      httpStatus: 200,
    }
  }

  private async readSale(id: number, call: Call): Promise<SaleRow> {
    const [row] = await call<SaleRow[]>("sale.sale", "read", [[id], SALE_FIELDS])
    if (!row) throw new TrytonRpcError("server", `sale ${id} disappeared`)
    return row
  }

  private async cancelSale(reference: string, call: Call): Promise<DeliveryResult> {
    const sale = await this.findSale(reference, call)
    if (!sale) {
      // the order's earlier messages went first (one message per order at a time), so no sale
      // now means its create never made one: there is nothing to cancel
      return { outcome: "delivered", remoteId: null, httpStatus: 200 }
    }
    if (sale.state === "cancelled") {
      return { outcome: "delivered", remoteId: String(sale.id), httpStatus: 200 }
    }
    if (!SALE_CANCELLABLE_STATES.includes(sale.state)) {
      return {
        outcome: "permanent",
        errorClass: "client_error",
        message:
          `Sale ${sale.number ?? sale.id} is "${sale.state}" in Tryton, which Tryton cannot cancel: ` +
          `cancel its shipment and credit its invoice in Tryton (the sale then becomes an exception to handle there)`,
        httpStatus: 200,
      }
    }
    await call("sale.sale", "cancel", [[sale.id]])
    const after = await this.readSale(sale.id, call)
    if (after.state === "cancelled") {
      return { outcome: "delivered", remoteId: String(sale.id), httpStatus: 200 }
    }
    return {
      outcome: "retryable",
      errorClass: "server_error",
      message: `Tryton answered success to cancel but sale ${after.number ?? after.id} is still "${after.state}"`,
      httpStatus: 200,
    }
  }

  private exchangeOf(trace: TrytonCallRecord[]): WireExchange | undefined {
    if (!trace.length) return undefined
    const last = trace[trace.length - 1]
    return {
      request: {
        method: "POST",
        url: `${this.options.url.replace(/\/+$/, "")}/${this.options.database}/`,
        headers: {},
        body: { calls: trace.map((c) => ({ method: c.method, params: c.params })) },
      },
      response: {
        status: last.status ?? 0,
        headers: {},
        body: { answers: trace.map((c) => (c.error !== undefined ? { method: c.method, error: c.error } : { method: c.method, result: c.result, ms: c.ms })) },
      },
    }
  }
}

const REPORT_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  odt: "application/vnd.oasis.opendocument.text",
  html: "text/html",
  txt: "text/plain",
}

/** on_change answers many2many fields as ids or as `{add: [[index, {id}]]}`, depending on the field. */
function taxIds(value: unknown): number[] {
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === "object" && v ? Number((v as any).id) : Number(v))).filter(Number.isInteger)
  }
  if (value && typeof value === "object" && Array.isArray((value as any).add)) {
    return (value as any).add
      .map((entry: unknown) => (Array.isArray(entry) ? Number((entry[1] as any)?.id) : Number((entry as any)?.id)))
      .filter(Number.isInteger)
  }
  return []
}
