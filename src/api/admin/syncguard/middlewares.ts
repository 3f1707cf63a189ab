import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminListOutboxMessagesParams, AdminListScopeViolationsParams } from "./validators"

export const adminSyncguardMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/syncguard/messages",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListOutboxMessagesParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/scope-violations",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListScopeViolationsParams, { isList: true })],
  },
]
