import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

const METHODS_WITH_BODIES = new Set(["POST", "PUT", "PATCH", "DELETE"])

/**
 * syncguard's routes take JSON. A body in any other type would otherwise reach the body
 * validators as `{}` (no parser reads application/xml, say) or as a form, so that a mutation
 * with no required field would act on input it never read: here it is a 400 instead.
 * No body at all (or an empty one) is fine.
 */
export function requireJsonBody(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
  const length = req.headers["content-length"]
  const hasBody = req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0")
  if (METHODS_WITH_BODIES.has(req.method) && hasBody && !req.is(["application/json", "application/*+json"])) {
    return next(
      new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Invalid request: the body must be JSON (Content-Type: application/json), not ${req.headers["content-type"] || "untyped"}`
      )
    )
  }
  next()
}
