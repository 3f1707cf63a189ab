import { zodValidator } from "@medusajs/framework"
import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { z } from "@medusajs/framework/zod"

/**
 * Validates the route's path parameters (`:id`, `:name`), which `validateAndTransformQuery` and
 * `validateAndTransformBody` leave alone: a bad one is a 400 that names it, before the handler
 * can send it to the database or a remote. Register it on the exact route (with its method).
 */
export function validateParams(schema: z.ZodObject) {
  return async function validateParams(req: MedusaRequest, _res: MedusaResponse, next: MedusaNextFunction) {
    try {
      await zodValidator(schema, req.params)
      next()
    } catch (error) {
      next(error)
    }
  }
}
