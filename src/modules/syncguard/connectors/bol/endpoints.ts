import type { BolResource } from "../../config/options"

/**
 * bol.com's endpoints as syncguard calls them: path template, the resource whose media type
 * applies, and the rate-limit group (bol limits per endpoint, so each group has its own limiter,
 * learned from that endpoint's X-RateLimit-* headers).
 */
export type BolEndpoint = {
  method: "GET" | "POST" | "PUT" | "PATCH"
  path: string
  resource: BolResource
  group: string
}

export const BOL_ENDPOINTS = {
  listOffers: { method: "GET", path: "/retailer/offers", resource: "offers", group: "offers-read" },
  getOffer: { method: "GET", path: "/retailer/offers/{offer-id}", resource: "offers", group: "offers-read" },
  patchOffer: { method: "PATCH", path: "/retailer/offers/{offer-id}", resource: "offers", group: "offers-write" },
  putStockV10: {
    method: "PUT",
    path: "/retailer/offers/{offer-id}/stock",
    resource: "offers-v10",
    group: "offers-write",
  },
  processStatus: {
    method: "GET",
    path: "/shared/process-status/{process-status-id}",
    resource: "process-status",
    group: "process-status",
  },
  processStatusByEntity: {
    method: "GET",
    path: "/shared/process-status",
    resource: "process-status",
    group: "process-status",
  },
  listOrders: { method: "GET", path: "/retailer/orders", resource: "orders", group: "orders-list" },
  getOrder: { method: "GET", path: "/retailer/orders/{order-id}", resource: "orders", group: "orders-read" },
  cancelOrderItems: { method: "PUT", path: "/retailer/orders/cancellation", resource: "orders", group: "orders-write" },
  signatureKeys: {
    method: "GET",
    path: "/retailer/subscriptions/signature-keys",
    resource: "subscriptions",
    group: "subscriptions",
  },
} as const satisfies Record<string, BolEndpoint>
