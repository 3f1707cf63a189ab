import { authenticate, MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { StoreListInvoicesParams } from "./validators"

export const storeInvoicesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/invoices*",
    middlewares: [authenticate("customer", ["session", "bearer"])],
  },
  {
    matcher: "/store/invoices",
    method: "GET",
    middlewares: [validateAndTransformQuery(StoreListInvoicesParams, { isList: true })],
  },
]
