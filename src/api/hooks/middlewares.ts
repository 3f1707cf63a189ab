import type { MiddlewareRoute } from "@medusajs/framework/http"
import { validateParams } from "../validation/params"
import { z } from "@medusajs/framework/zod"
import { connectorName } from "../validation/text"

/**
 * Pushed notifications are verified over their exact bytes before anything parses them: Medusa's
 * body parsers are off for this route, which reads the bytes itself (./raw-body, 256 kB).
 */
export const hooksMiddlewares: MiddlewareRoute[] = [
  {
    matcher: "/hooks/syncguard/:connector",
    methods: ["POST"],
    bodyParser: false,
    middlewares: [validateParams(z.object({ connector: connectorName("connector") }).strict())],
  },
]
