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
  AdminListDeadLettersParams,
  AdminHealthHistoryParams,
} from "./validators"
import { AdminConflictIdParams, AdminListConflictsParams, AdminResolveConflict } from "./conflicts/validators"
import { AdminOwnershipRuleIdParams, AdminSetOwnership } from "./ownership/validators"
import { AdminListInboundEventsParams, AdminReplayInboundEvents } from "./inbound-events/validators"
import {
  AdminDismissFinding,
  AdminFindingIdParams,
  AdminListFindingsParams,
  AdminListRunsParams,
  AdminRepairKind,
  AdminRunIdParams,
  AdminStartRun,
} from "./reconciliation/validators"

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
    matcher: "/admin/syncguard/dead-letters",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListDeadLettersParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/health/history",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminHealthHistoryParams, {})],
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
  {
    matcher: "/admin/syncguard/conflicts",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListConflictsParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/conflicts/:id",
    method: "GET",
    middlewares: [validateParams(AdminConflictIdParams)],
  },
  {
    matcher: "/admin/syncguard/conflicts/:id/resolve",
    method: "POST",
    middlewares: [validateParams(AdminConflictIdParams), validateAndTransformBody(AdminResolveConflict)],
  },
  {
    matcher: "/admin/syncguard/ownership",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminSetOwnership)],
  },
  {
    matcher: "/admin/syncguard/ownership/:id",
    method: "DELETE",
    middlewares: [validateParams(AdminOwnershipRuleIdParams)],
  },
  {
    matcher: "/admin/syncguard/inbound-events",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListInboundEventsParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/inbound-events/replay",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminReplayInboundEvents)],
  },
  {
    matcher: "/admin/syncguard/reconciliation/runs",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListRunsParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/reconciliation/runs",
    method: "POST",
    middlewares: [validateAndTransformBody(AdminStartRun)],
  },
  {
    matcher: "/admin/syncguard/reconciliation/runs/:id",
    method: "GET",
    middlewares: [validateParams(AdminRunIdParams)],
  },
  {
    matcher: "/admin/syncguard/reconciliation/runs/:id/findings",
    method: "GET",
    middlewares: [
      validateParams(AdminRunIdParams),
      validateAndTransformQuery(AdminListFindingsParams, { isList: true }),
    ],
  },
  {
    matcher: "/admin/syncguard/reconciliation/runs/:id/repair",
    method: "POST",
    middlewares: [validateParams(AdminRunIdParams), validateAndTransformBody(AdminRepairKind)],
  },
  {
    matcher: "/admin/syncguard/reconciliation/findings",
    method: "GET",
    middlewares: [validateAndTransformQuery(AdminListFindingsParams, { isList: true })],
  },
  {
    matcher: "/admin/syncguard/reconciliation/findings/:id/repair",
    method: "POST",
    middlewares: [validateParams(AdminFindingIdParams), validateAndTransformBody(AdminEmptyBody)],
  },
  {
    matcher: "/admin/syncguard/reconciliation/findings/:id/dismiss",
    method: "POST",
    middlewares: [validateParams(AdminFindingIdParams), validateAndTransformBody(AdminDismissFinding)],
  },
]
