import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSyncguardMiddlewares } from "./admin/syncguard/middlewares"
import { syncguardErrorHandler } from "./errors"
import { hooksMiddlewares } from "./hooks/middlewares"
import { storeInvoicesMiddlewares } from "./store/invoices/middlewares"

export default defineMiddlewares({
  routes: [...adminSyncguardMiddlewares, ...storeInvoicesMiddlewares, ...hooksMiddlewares],
  // Medusa's handler, plus 4xx for syncguard requests that fail before their validators (see ./errors)
  errorHandler: syncguardErrorHandler(),
})
