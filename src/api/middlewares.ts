import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSyncguardMiddlewares } from "./admin/syncguard/middlewares"

export default defineMiddlewares({
  routes: [...adminSyncguardMiddlewares],
})
