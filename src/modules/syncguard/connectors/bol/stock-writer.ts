import { isAxiosError } from "axios"
import type { BolConnectorConfig } from "../../config/options"
import { UpstreamError } from "../../errors"
import type { DeliveryRequest, DeliveryResult, StockState, VerifyResult } from "../contract"
import { parseRetryAfter } from "../http/retry-after"
import type { BolAnswer, BolApi } from "./bol-api"
import { BOL_ENDPOINTS } from "./endpoints"
import type { OfferDirectory } from "./offers"
import { classifyBolFailure } from "./problem"
import { awaitProcessStatus } from "./process-status"

/** bol's v10 stock write takes 0..999. */
const V10_MAX_AMOUNT = 999

/**
 * Publishes a variant's stock to its bol offer: v11 `PATCH /retailer/offers/{id}` (204, applied
 * at once) or v10 `PUT /retailer/offers/{id}/stock` (202, then the process status decides).
 * Under the "open-orders" rule `managedByRetailer: false`: bol subtracts every open order of its
 * own from the amount when it shows the offer, so an order it took that Medusa has not imported
 * yet can never be offered again, whenever our write lands; the amount adds back the units Medusa
 * holds for bol's imported orders. Under "since-update" `managedByRetailer: true`: bol keeps the
 * amount and subtracts only orders placed after the write.
 */
export class BolStockWriter {
  constructor(
    private readonly api: BolApi,
    private readonly offers: OfferDirectory,
    private readonly options: BolConnectorConfig
  ) {}

  keyOf(state: StockState): string | null {
    return this.options.offerMatch === "reference" ? state.sku : state.barcode
  }

  private get managedByRetailer(): boolean {
    return this.options.stockRule === "since-update"
  }

  private sendable(amount: number): number {
    return this.options.stockApi === "v10" ? Math.min(amount, V10_MAX_AMOUNT) : amount
  }

  async publish(request: DeliveryRequest): Promise<DeliveryResult> {
    const state = request.entity as unknown as StockState
    const key = this.keyOf(state)
    if (!key) {
      const field = this.options.offerMatch === "reference" ? "SKU" : "barcode (EAN)"
      return permanentMapping(`variant ${state.variant_id} has no ${field} to match a bol offer by`)
    }
    if (state.amount === 0 && state.published === 0) {
      // bol shows 0 already (it only ever subtracts from what we sent): a sold-out SKU whose
      // held-back units sold elsewhere needs no write; bol asks integrators to send real changes only
      return { outcome: "delivered", remoteId: null, httpStatus: null }
    }
    if (!this.managedByRetailer && state.published === state.amount && state.attempted === state.amount) {
      // bol holds this amount as sent and subtracts its open orders itself: an imported bol order
      // (its units now reserved and held, the sum unchanged) needs no write. Under "since-update"
      // the same amount is a write: it restarts the count of orders bol subtracts
      return { outcome: "delivered", remoteId: null, httpStatus: null }
    }
    try {
      const found = await this.offers.find(key, request.beforeSend)
      if ("failure" in found) return this.failed(found.failure)
      if (!found.offer) {
        // a variant not sold on bol: nothing to publish, and no dead letter for it
        return { outcome: "delivered", remoteId: null, httpStatus: null }
      }
      const offerId = found.offer.offerId
      const answer =
        this.options.stockApi === "v11"
          ? await this.api.call({
              endpoint: BOL_ENDPOINTS.patchOffer,
              path: { "offer-id": offerId },
              body: { stock: { amount: state.amount, managedByRetailer: this.managedByRetailer } },
              beforeSend: request.beforeSend,
            })
          : await this.api.call({
              endpoint: BOL_ENDPOINTS.putStockV10,
              path: { "offer-id": offerId },
              body: { amount: this.sendable(state.amount), managedByRetailer: this.managedByRetailer },
              beforeSend: request.beforeSend,
            })
      if (answer.status === 404) this.offers.forget(key)
      if (answer.status === 204 || answer.status === 200) {
        return { outcome: "delivered", remoteId: offerId, httpStatus: answer.status, exchange: answer.exchange }
      }
      if (answer.status !== 202) return this.failed(answer)
      return this.followProcess(offerId, answer, request)
    } catch (error) {
      return networkFailure(error)
    }
  }

  /**
   * After an unknown outcome: did the earlier attempt land? bol keeps `amount` as sent, so the
   * offer shows the amount that attempt carried (`attempted`), not the newer one this load
   * computed: the stock moves on during a sale. When it landed and the stock has moved since,
   * the answer says so and the newest state is sent at once (a state write is safe to repeat).
   */
  async verify(request: DeliveryRequest): Promise<VerifyResult> {
    const state = request.entity as unknown as StockState
    const key = this.keyOf(state)
    if (!key) return { exists: false }
    const found = await this.offers.find(key, request.beforeSend)
    if ("failure" in found) throw new Error(`offer lookup answered HTTP ${found.failure.status}`)
    if (!found.offer) return { exists: true, remoteId: null }
    const answer = await this.api.call({
      endpoint: BOL_ENDPOINTS.getOffer,
      path: { "offer-id": found.offer.offerId },
      beforeSend: request.beforeSend,
    })
    if (answer.status !== 200) throw new Error(`offer ${found.offer.offerId} answered HTTP ${answer.status}`)
    const shown = answer.data?.stock?.amount
    const attempted = this.sendable(state.attempted ?? state.amount)
    const newest = this.sendable(state.amount)
    if (shown === newest) return { exists: true, remoteId: found.offer.offerId }
    if (shown === attempted) return { exists: true, remoteId: found.offer.offerId, superseded: true }
    return { exists: false }
  }

  private async followProcess(offerId: string, accepted: BolAnswer, request: DeliveryRequest): Promise<DeliveryResult> {
    const outcome = await awaitProcessStatus(this.api, accepted, {
      ...this.options.processStatus,
      beforeSend: request.beforeSend,
    })
    const exchange = outcome.answer.exchange
    switch (outcome.status) {
      case "SUCCESS":
        return { outcome: "delivered", remoteId: offerId, httpStatus: 202, exchange }
      case "FAILURE":
      case "TIMEOUT":
        // not applied: the next try loads the newest stock and writes again
        return {
          outcome: "retryable",
          errorClass: "server_error",
          message: outcome.errorMessage,
          httpStatus: 202,
          exchange,
        }
      default:
        return {
          outcome: "unknown",
          errorClass: "timeout",
          message: `bol process ${outcome.processStatusId} (UPDATE_OFFER_STOCK) not finished after ${this.options.processStatus.maxWaitMs} ms`,
          httpStatus: outcome.answer.status,
          mayStillCommit: true,
          exchange,
        }
    }
  }

  private failed(answer: BolAnswer): DeliveryResult {
    const retryAfterMs = parseRetryAfter(answer.headers["retry-after"] as string | undefined)
    return { ...classifyBolFailure(answer.status, answer.data, { retryAfterMs }), exchange: answer.exchange }
  }
}

const permanentMapping = (message: string): DeliveryResult => ({
  outcome: "permanent",
  errorClass: "mapping",
  message,
  httpStatus: null,
})

/** A request that got no answer: a timeout or a cut connection may have been applied. */
export function networkFailure(error: unknown): DeliveryResult {
  if (isAxiosError(error)) {
    return classifyBolFailure(undefined, undefined, { code: error.code, message: error.message })
  }
  if (error instanceof UpstreamError) {
    // the token endpoint: wrong credentials will not heal by retrying; anything else may
    const refused = error.status !== null && error.status >= 400 && error.status < 500 && error.status !== 429
    return {
      outcome: refused ? "permanent" : "retryable",
      errorClass: "auth",
      message: error.message,
      httpStatus: error.status,
    }
  }
  throw error
}
