import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { requireJsonBody } from "../../validation/json-body"
import { validateParams } from "../../validation/params"
import {
  AdminConnectorNameParams,
  AdminConnectorStockParams,
  AdminListStockParams,
  AdminSetStockBuffer,
  AdminStockBufferParams,
  AdminEmptyBody,
  AdminListOutboxMessagesParams,
  AdminListScopeViolationsParams,
  AdminMessageIdParams,
  AdminOrderIdParams,
  AdminPauseConnector,
  AdminReplayDeadLetters,
} from "./validators"

export const adminSyncguardMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/admin/syncguard/stock",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListStockParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/stock/:name/:variant_id/buffer",
    method: "POST",
    middlewares: [validateParams(AdminStockBufferParams), validateAndTransformBody(AdminSetStockBuffer)],
  },
  {
    matcher: "/admin/syncguard/connectors/:name/orders/poll",
    method: "POST",
    middlewares: [validateParams(AdminConnectorNameParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    // every method, every route below (and any added later)
    matcher: "/admin/syncguard",
    middlewares: [requireJsonBody],
  },
  {
    matcher: "/admin/syncguard/messages",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListOutboxMessagesParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/messages/:id",
    method: "GET",
    middlewares: [validateParams(AdminMessageIdParams)],
  },
  {
    matcher: "/admin/syncguard/messages/:id/replay",
    method: "POST",
    middlewares: [validateParams(AdminMessageIdParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: "/admin/syncguard/orders/:id",
    method: "GET",
    middlewares: [validateParams(AdminOrderIdParams)],
  },
  {
    matcher: "/admin/syncguard/scope-violations",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListScopeViolationsParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/connectors/:name/pause",
    method: "POST",
    middlewares: [validateParams(AdminConnectorNameParams), validateAndTransformBody(AdminPauseConnector)],
  },
  {
    matcher: "/admin/syncguard/connectors/:name/resume",
    method: "POST",
    middlewares: [validateParams(AdminConnectorNameParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: "/admin/syncguard/connectors/:name/stock",
    method: "GET",
    middlewares: [validateParams(AdminConnectorNameParams), validateAndTransformQuery(AdminConnectorStockParams, {})],
  },
  {
    matcher: "/admin/syncguard/dead-letters/replay",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminReplayDeadLetters)],
  },
  {
    matcher: "/admin/syncguard/invoices/reopen",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminEmptyBody)],
  },
]
