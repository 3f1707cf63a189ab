import { MiddlewareRoute, validateAndTransformQuery } from "@medusajs/framework/http"
import { AdminListOutboxMessagesParams } from "./validators"

export const adminSyncguardMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/syncguard/messages",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListOutboxMessagesParams, { isList: true })],
  },
]
