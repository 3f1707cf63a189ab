import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateParams } from "../validation/params"
import { z } from "@medusajs/framework/zod"
import { connectorName } from "../validation/text"

/** Pushed notifications are verified over their exact bytes: keep the raw body. */
export const hooksMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/hooks/syncguard/:connector",
    methods: ["POST"],
    bodyParser: { preserveRawBody: true, sizeLimit: "256kb" },
    middlewares: [validateParams(z.object({ connector: connectorName("connector") }).strict())],
  },
]
