import type { KeyObject } from "node:crypto"
import { setTimeout as sleep } from "node:timers/promises"
import type { Logger } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { BolConnectorConfig } from "../../config/options"
import { InboundRejectedError } from "../../errors"
import type {
  ApiNoticeSink,
  Connector,
  DeliveryRequest,
  DeliveryResult,
  InboundSource,
  OutboundSink,
  PushedEvent,
  StockLevel,
  StockSource,
  VerifyResult,
} from "../contract"
import { BolApi, ThrottleFor } from "./bol-api"
import { BOL_ENDPOINTS } from "./endpoints"
import { OfferDirectory } from "./offers"
import { BolOrderFeed } from "./orders"
import { parseSignatureHeader, publicKeyFrom, verifyBolSignature } from "./push-signature"
import { BolStockWriter } from "./stock-writer"

/** signature keys are re-read for an unknown keyId at most this often (bol allows about 10 reads an hour) */
const KEY_REFRESH_MS = 60_000
/** how long a push waits for the keys to be read before it is refused (and redelivered by bol) */
const KEY_READ_WAIT_MS = 3000

/**
 * bol.com's Retailer API as a connector: publishes stock to offers (outbound, "stock"), reads
 * offers' stock (stock), reads the order feed and confirms cancellations (marketplaceOrders),
 * and checks pushed notifications' RSA signatures (inbound).
 */
export class BolConnector implements Connector, OutboundSink, InboundSource {
  readonly kind = "bol"
  readonly outbound: OutboundSink = this
  readonly inbound: InboundSource = this
  readonly api: BolApi
  readonly offers: OfferDirectory
  readonly marketplaceOrders: BolOrderFeed
  private readonly writer: BolStockWriter
  private keys = new Map<string, KeyObject>()
  private keysReadAt = 0
  private keysReading: Promise<void> | null = null

  constructor(
    readonly name: string,
    readonly options: BolConnectorConfig,
    private readonly logger: Logger | undefined,
    throttleFor: ThrottleFor,
    notices?: ApiNoticeSink,
    private readonly keyRefreshMs = KEY_REFRESH_MS
  ) {
    this.api = new BolApi(name, options, throttleFor, notices)
    this.offers = new OfferDirectory(this.api, options.offerMatch, options.offerCacheMs)
    this.writer = new BolStockWriter(this.api, this.offers, options)
    this.marketplaceOrders = new BolOrderFeed(this.api, options)
  }

  takes(entityType: string): boolean {
    return (this.options.entities as string[]).includes(entityType)
  }

  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    if (request.operation !== "stock.set") {
      return {
        outcome: "permanent",
        errorClass: "mapping",
        message: `a bol connector publishes stock only, not ${request.operation}`,
        httpStatus: null,
      }
    }
    return this.writer.publish(request)
  }

  verify(request: DeliveryRequest): Promise<VerifyResult> {
    return this.writer.verify(request)
  }

  /** The offers' stock as bol counts it (amount sent, and what is left after its open orders). */
  readonly stock: StockSource = {
    stockLevels: async (skus: string[]): Promise<StockLevel[]> => {
      const levels: StockLevel[] = []
      for (const sku of skus) {
        const found = await this.offers.find(sku)
        if ("failure" in found || !found.offer) continue
        const answer = await this.api.call({
          endpoint: BOL_ENDPOINTS.getOffer,
          path: { "offer-id": found.offer.offerId },
        })
        if (answer.status !== 200) continue
        const stock = answer.data?.stock ?? {}
        levels.push({
          sku,
          location: "bol",
          quantity: Number(stock.amount ?? 0),
          forecastQuantity: typeof stock.correctedStock === "number" ? stock.correctedStock : null,
        })
      }
      return levels
    },
  }

  readonly profile = "marketplace-notifications" as const

  async verifySignature(rawBody: Buffer, headers: Record<string, string | string[] | undefined>): Promise<void> {
    const header = headerValue(headers, "signature") ?? headerValue(headers, "x-bol-signature")
    if (!header) throw new InboundRejectedError("missing Signature header")
    const parsed = parseSignatureHeader(header)
    if (!parsed) throw new InboundRejectedError("unreadable Signature header")
    if (parsed.algorithm && parsed.algorithm.toLowerCase() !== "rsa-sha256") {
      throw new InboundRejectedError(`unsupported signature algorithm ${parsed.algorithm}`)
    }
    const candidates = await this.keysFor(parsed.keyId)
    if (!candidates.length) throw new InboundRejectedError(`no bol signature key ${parsed.keyId ?? ""}`.trim())
    if (!candidates.some((key) => verifyBolSignature(rawBody, parsed.signature, key))) {
      throw new InboundRejectedError("signature does not match the body")
    }
  }

  /** bol's thin push `{retailerId, timestamp, event: {resource, type, resourceId}}`. */
  parse(rawBody: Buffer): PushedEvent[] {
    let body: any
    try {
      body = JSON.parse(rawBody.toString("utf8"))
    } catch {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "The body is not JSON")
    }
    const event = body?.event
    if (!event || typeof event.resource !== "string" || typeof event.type !== "string" || event.resourceId == null) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Expected a bol.com notification: {retailerId, timestamp, event: {resource, type, resourceId}}"
      )
    }
    const timestamp = typeof body.timestamp === "string" ? body.timestamp : null
    return [
      {
        // bol sends no event id: resource, type, id and time together name one notification
        id: `${event.resource}:${event.type}:${event.resourceId}:${timestamp ?? ""}`,
        type: `${event.resource}.${event.type}`,
        occurredAt: timestamp,
        data: { resource: event.resource, type: event.type, resourceId: String(event.resourceId) },
      },
    ]
  }

  private async keysFor(keyId: string | null): Promise<KeyObject[]> {
    const pick = () => (keyId === null ? [...this.keys.values()] : this.keys.has(keyId) ? [this.keys.get(keyId)!] : [])
    let found = pick()
    // a rotated key is new to us: read the keys again, but never more often than keyRefreshMs
    // (a forged keyId must not make us hammer bol's signature-keys endpoint)
    if (!found.length && (!this.keysReadAt || Date.now() - this.keysReadAt >= this.keyRefreshMs)) {
      this.keysReadAt = Date.now()
      this.keysReading ??= this.readKeys().finally(() => {
        this.keysReading = null
      })
      // bol allows about 10 reads an hour: when its limiter makes the read wait, this push is
      // refused now (bol redelivers it) and the keys arrive for the next one
      await Promise.race([this.keysReading, sleep(KEY_READ_WAIT_MS)])
      found = pick()
    }
    return found
  }

  private async readKeys(): Promise<void> {
    const answer = await this.api.call({ endpoint: BOL_ENDPOINTS.signatureKeys }).catch((error) => {
      this.logger?.warn(`syncguard: ${this.name} could not read bol's signature keys: ${(error as Error).message}`)
      return null
    })
    if (!answer) return
    if (answer.status !== 200) {
      this.logger?.warn(`syncguard: ${this.name} could not read bol's signature keys (HTTP ${answer.status})`)
      return
    }
    const keys = new Map<string, KeyObject>()
    for (const k of Array.isArray(answer.data?.signatureKeys) ? answer.data.signatureKeys : []) {
      try {
        keys.set(String(k.id), publicKeyFrom(String(k.publicKey)))
      } catch {
        this.logger?.warn(`syncguard: ${this.name} got an unreadable signature key ${k?.id}`)
      }
    }
    this.keys = keys
  }
}

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | null {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? (value[0] ?? null) : (value ?? null)
  }
  return null
}
