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
 * `managedByRetailer: true` so bol keeps the amount as sent and only subtracts orders placed
 * after it: our amount already excludes the orders we have reserved.
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
              body: { stock: { amount: state.amount, managedByRetailer: true } },
              beforeSend: request.beforeSend,
            })
          : await this.api.call({
              endpoint: BOL_ENDPOINTS.putStockV10,
              path: { "offer-id": offerId },
              body: { amount: Math.min(state.amount, V10_MAX_AMOUNT), managedByRetailer: true },
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

  /** After an unknown outcome: does the offer show the amount we mean to publish now? */
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
    const meant = this.options.stockApi === "v10" ? Math.min(state.amount, V10_MAX_AMOUNT) : state.amount
    return shown === meant ? { exists: true, remoteId: found.offer.offerId } : { exists: false }
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
