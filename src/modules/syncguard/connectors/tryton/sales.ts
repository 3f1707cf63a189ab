import type { Logger } from "@medusajs/framework/types"
import type { DeliveryResult } from "../contract"
import { TrytonRpcError } from "./errors"
import { Call, MappingError, TrytonLookups } from "./lookups"
import { SALE_ARRIVED_STATES, SALE_CANCELLABLE_STATES, TrytonSaleDraft } from "./map-sale"
import type { TrytonParties } from "./parties"
import { toDecimal } from "./typed-json"

export type SaleRow = { id: number; state: string; invoices: number[]; number: string | null; lines?: number[] }

const SALE_FIELDS = ["state", "invoices", "number", "lines"]
/** How far along a sale is: of several sales with one reference, the furthest is kept. */
const STATE_RANK: Record<string, number> = { cancelled: 0, draft: 1, quotation: 2, confirmed: 3, processing: 4, done: 5 }

/**
 * Sales by reference (= Medusa order id): found (duplicates cleaned up), created, carried on to
 * processing with the state read back after every button, updated while Tryton allows it,
 * cancelled while Tryton can.
 */
export class TrytonSales {
  constructor(
    private readonly name: string,
    private readonly lookups: TrytonLookups,
    private readonly parties: TrytonParties,
    private readonly logger?: Logger
  ) {}

  /**
   * The sale for an order. Tryton does not enforce unique references, and a create our timeout
   * gave up on can still commit after a resend: when several sales carry the reference, the
   * one furthest along is kept and the other drafts (never quoted, so nothing else refers to
   * them) are deleted. Duplicates past draft cannot be undone here and are logged as errors.
   */
  async findSale(reference: string, call: Call): Promise<SaleRow | null> {
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

  /** Line values as Tryton's client would fill them (unit, taxes) via on_change_product, at Medusa's price. */
  async saleLines(draft: TrytonSaleDraft, party: number, currency: number, call: Call) {
    const products = await this.lookups.products([...new Set(draft.lines.map((l) => l.sku))], call)
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

  async ensureSale(draft: TrytonSaleDraft, medusaStatus: string, call: Call): Promise<DeliveryResult> {
    let sale = await this.findSale(draft.reference, call)
    if (!sale) {
      if (medusaStatus === "canceled") {
        // canceled before it reached Tryton: there is nothing to create (and nothing to cancel)
        return { outcome: "delivered", remoteId: null, httpStatus: 200 }
      }
      const party = await this.parties.ensureParty(draft.party, call)
      const address = await this.parties.ensureAddress(party, draft.address, call)
      const currency = await this.lookups.currencyId(draft.currencyCode, call)
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
  async linesChanged(sale: SaleRow, draft: TrytonSaleDraft, call: Call): Promise<{ medusa: string; tryton: string } | null> {
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
  async rewriteLines(sale: SaleRow, draft: TrytonSaleDraft, call: Call): Promise<SaleRow> {
    if (sale.state === "quotation") {
      await call("sale.sale", "draft", [[sale.id]])
    }
    const [{ party, currency }] = await call<Array<{ party: number; currency: number }>>("sale.sale", "read", [[sale.id], ["party", "currency"]])
    const lines = await this.saleLines(draft, party, currency, call)
    await call("sale.sale", "write", [[sale.id], { lines: [["delete", sale.lines ?? []], ["create", lines]] }])
    return this.readSale(sale.id, call)
  }

  /** draft → quotation → confirmed → processing, reading the state back after every button. */
  async carryToProcessing(sale: SaleRow, call: Call): Promise<DeliveryResult> {
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

  async readSale(id: number, call: Call): Promise<SaleRow> {
    const [row] = await call<SaleRow[]>("sale.sale", "read", [[id], SALE_FIELDS])
    if (!row) throw new TrytonRpcError("server", `sale ${id} disappeared`)
    return row
  }

  async cancelSale(reference: string, call: Call): Promise<DeliveryResult> {
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
