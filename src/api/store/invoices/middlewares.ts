import { authenticate, MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { requireJsonBody } from "../../validation/json-body"
import { validateParams } from "../../validation/params"
import { StoreInvoiceIdParams, StoreListInvoicesParams } from "./validators"

export const storeInvoicesMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/store/invoices*",
    middlewares: [authenticate("customer", ["session", "bearer"]), requireJsonBody],
  },
  {
    matcher: "/store/invoices",
    method: "GET",
    middlewares: [validateAndTransformQuery(StoreListInvoicesParams, { isList: true })],
  },
  {
    matcher: "/store/invoices/:id",
    method: "GET",
    middlewares: [validateParams(StoreInvoiceIdParams)],
  },
  {
    matcher: "/store/invoices/:id/pdf",
    method: "GET",
    middlewares: [validateParams(StoreInvoiceIdParams)],
  },
]
