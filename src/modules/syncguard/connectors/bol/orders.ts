import type { BolConnectorConfig } from "../../config/options"
import { UpstreamError } from "../../errors"
import type {
  CancellationReason,
  MarketplaceAddress,
  MarketplaceOrder,
  MarketplaceOrderChange,
  MarketplaceOrderSource,
  PendingCancellation,
} from "../contract"
import type { BolAnswer, BolApi } from "./bol-api"
import { BOL_ENDPOINTS } from "./endpoints"
import { bolErrorMessage } from "./problem"
import { oldestFirst } from "../../policies/marketplace-feed"
import { awaitProcessStatus } from "./process-status"

/** bol lists 50 orders a page; a feed longer than this many pages is read again next poll. */
const MAX_PAGES = 100

/**
 * bol's order feed as a MarketplaceOrderSource: `GET /retailer/orders?status=ALL` with a
 * `change-interval-minute` window (ALL, because an order handled between two polls never shows
 * as OPEN), `GET /retailer/orders/{id}` for the detail, and `PUT /retailer/orders/cancellation`
 * to confirm a buyer's cancellation request (a 202 whose process status must reach SUCCESS).
 */
export class BolOrderFeed implements MarketplaceOrderSource {
  constructor(
    private readonly api: BolApi,
    private readonly options: BolConnectorConfig
  ) {}

  async changedOrders(minutes: number): Promise<MarketplaceOrderChange[]> {
    const changes: MarketplaceOrderChange[] = []
    for (let page = 1; page <= MAX_PAGES; page++) {
      const answer = await this.api.call({
        endpoint: BOL_ENDPOINTS.listOrders,
        query: {
          status: "ALL",
          // FBB orders ship from bol's own warehouse: they never touch the stock we publish
          "fulfilment-method": "FBR",
          "change-interval-minute": Math.max(1, Math.min(60, Math.ceil(minutes))),
          page,
        },
      })
      if (answer.status !== 200) {
        throw new UpstreamError(
          this.api.connector,
          `order feed: ${bolErrorMessage(answer.status, answer.data)}`,
          answer.status
        )
      }
      // an empty page comes back as {} without an `orders` key
      const orders: any[] = Array.isArray(answer.data?.orders) ? answer.data.orders : []
      for (const o of orders) {
        if (typeof o?.orderId !== "string") continue
        const items: any[] = Array.isArray(o.orderItems) ? o.orderItems : []
        changes.push({
          remoteId: o.orderId,
          placedAt: typeof o.orderPlacedDateTime === "string" ? o.orderPlacedDateTime : null,
          changedAt: newest(items.map((i) => i?.latestChangedDateTime)),
          cancellationRequestedLines: items
            .filter(
              (i) => i?.cancellationRequest === true && Number(i.quantityCancelled ?? 0) < Number(i.quantity ?? 0)
            )
            .map((i) => String(i.orderItemId)),
        })
      }
      if (orders.length < 50) break
    }
    // bol lists newest first, to the second: reversed, then by placement, the first buyer comes first
    return oldestFirst(changes.reverse())
  }

  async getOrder(remoteId: string): Promise<MarketplaceOrder | null> {
    const answer = await this.api.call({ endpoint: BOL_ENDPOINTS.getOrder, path: { "order-id": remoteId } })
    if (answer.status === 404) return null
    if (answer.status !== 200) {
      throw new UpstreamError(
        this.api.connector,
        `order ${remoteId}: ${bolErrorMessage(answer.status, answer.data)}`,
        answer.status
      )
    }
    const o = answer.data ?? {}
    const items: any[] = Array.isArray(o.orderItems) ? o.orderItems : []
    return {
      remoteId: String(o.orderId ?? remoteId),
      placedAt: typeof o.orderPlacedDateTime === "string" ? o.orderPlacedDateTime : null,
      email: o.shipmentDetails?.email ?? o.billingDetails?.email ?? null,
      shippingAddress: toAddress(o.shipmentDetails),
      billingAddress: toAddress(o.billingDetails ?? o.shipmentDetails),
      lines: items.map((i) => ({
        remoteLineId: String(i.orderItemId),
        reference: typeof i.offer?.reference === "string" ? i.offer.reference : null,
        ean: typeof i.product?.ean === "string" ? i.product.ean : null,
        title: typeof i.product?.title === "string" ? i.product.title : null,
        quantity: Number(i.quantity ?? 0),
        quantityCancelled: Number(i.quantityCancelled ?? 0),
        unitPrice: Number(i.unitPrice ?? 0),
        cancellationRequested: i.cancellationRequest === true,
        fulfilledByMarketplace: i.fulfilment?.method === "FBB",
      })),
    }
  }

  async cancelLines(remoteId: string, lineIds: string[], reason: CancellationReason): Promise<void> {
    await (await this.requestCancellation(remoteId, lineIds, reason)).confirm()
  }

  async requestCancellation(
    remoteId: string,
    lineIds: string[],
    reason: CancellationReason
  ): Promise<PendingCancellation> {
    // bol's cancellation request takes one order item at a time (maxItems: 1 in its v10 schema)
    const accepted: Array<{ orderItemId: string; answer: BolAnswer }> = []
    for (const orderItemId of lineIds) {
      const answer = await this.api.call({
        endpoint: BOL_ENDPOINTS.cancelOrderItems,
        body: { orderItems: [{ orderItemId, reasonCode: reason }] },
      })
      if (answer.status !== 202 && answer.status !== 200) {
        throw new UpstreamError(
          this.api.connector,
          `cancelling item ${orderItemId} of ${remoteId}: ${bolErrorMessage(answer.status, answer.data)}`,
          answer.status
        )
      }
      accepted.push({ orderItemId, answer })
    }
    return {
      // every item's process status is followed side by side: one wait, not one per item
      confirm: async () => {
        await Promise.all(
          accepted.map(async ({ orderItemId, answer }) => {
            const outcome = await awaitProcessStatus(this.api, answer, this.options.processStatus)
            if (outcome.status !== "SUCCESS") {
              const why = "errorMessage" in outcome ? outcome.errorMessage : `process status ${outcome.status}`
              throw new UpstreamError(
                this.api.connector,
                `cancelling item ${orderItemId} of ${remoteId} not confirmed: ${why}`,
                202
              )
            }
          })
        )
      },
    }
  }
}

function newest(values: unknown[]): string | null {
  const times = values.filter((v): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v)))
  return times.length ? times.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null
}

function toAddress(d: any): MarketplaceAddress | null {
  if (!d || typeof d !== "object") return null
  const street = [d.streetName, d.houseNumber, d.houseNumberExtension].filter(Boolean).join(" ")
  return {
    first_name: d.firstName ?? null,
    last_name: d.surname ?? null,
    company: d.company ?? null,
    address_1: street || null,
    address_2: d.extraAddressInformation ?? null,
    city: d.city ?? null,
    postal_code: d.zipCode ?? null,
    country_code: typeof d.countryCode === "string" ? d.countryCode.toLowerCase() : null,
    phone: d.deliveryPhoneNumber ?? null,
  }
}
