import type { Logger } from "@medusajs/framework/types"
import type {
  Connector,
  CustomerDirectory,
  DeliveryRequest,
  DeliveryResult,
  InvoiceSource,
  StockSource,
  VerifyResult,
  WireExchange,
} from "../../types/connector"
import { LeaseLostError, UpstreamError } from "../../types/connector"
import type { TrytonConnectorOptions } from "../../types/options"
import type { Throttle } from "../throttle"
import { classifyTrytonFailure } from "./classify"
import { TrytonRpcError, TrytonTransportError } from "./errors"
import { Call, MappingError, TrytonLookups } from "./lookups"
import { SALE_ARRIVED_STATES, toTrytonParty, toTrytonSale, TrytonPartyDraft, TrytonSaleDraft } from "./map-sale"
import { TrytonParties } from "./parties"
import { trytonInvoices, trytonStock } from "./reads"
import { CallOptions, TrytonCallRecord, TrytonRpc } from "./rpc-client"
import { TrytonSales } from "./sales"

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
  private readonly lookups = new TrytonLookups()
  private readonly parties = new TrytonParties(this.lookups)
  private readonly sales: TrytonSales
  readonly invoices: InvoiceSource
  readonly stock: StockSource

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
    this.sales = new TrytonSales(name, this.lookups, this.parties, logger)
    const read = <T>(run: () => Promise<T>) => this.read(run)
    this.invoices = trytonInvoices(this.rpc, this.caller({}), read, options.invoiceStates ?? ["posted", "paid"])
    this.stock = trytonStock(this.caller({}), read, this.lookups)
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
          result = await this.sales.ensureSale(this.mapSale(request.entity), String(request.entity.status ?? ""), call)
          break
        case "order.cancel":
          result = await this.sales.cancelSale(String(request.entity.id ?? request.entityId), call)
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
    const sale = await this.sales.findSale(request.entityId, this.caller({ beforeSend: request.beforeSend }))
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

  private async upsertParty(draft: TrytonPartyDraft, call: Call): Promise<DeliveryResult> {
    const id = await this.parties.ensureParty(draft, call, true)
    return { outcome: "delivered", remoteId: String(id), httpStatus: 200 }
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
