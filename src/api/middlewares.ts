import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSyncguardMiddlewares } from "./admin/syncguard/middlewares"
import { storeInvoicesMiddlewares } from "./store/invoices/middlewares"

export default defineMiddlewares({
  routes: [...adminSyncguardMiddlewares, ...storeInvoicesMiddlewares],
})
