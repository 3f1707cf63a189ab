import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import {
  AdminConnectorStockParams,
  AdminListOutboxMessagesParams,
  AdminListScopeViolationsParams,
  AdminPauseConnector,
  AdminReplayDeadLetters,
} from "./validators"

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
  {
    matcher: "/admin/syncguard/connectors/:name/pause",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminPauseConnector)],
  },
  {
    matcher: "/admin/syncguard/connectors/:name/stock",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminConnectorStockParams, {})],
  },
  {
    matcher: "/admin/syncguard/dead-letters/replay",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminReplayDeadLetters)],
  },
]
