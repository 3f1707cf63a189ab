import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { CustomerRef, invoiceApiMatchesEmail, InvoicesClosedError } from "../../../lib/customer-invoices"
import { UpstreamError } from "../../../modules/syncguard/types/connector"

/** The logged-in customer, from the auth context only; never from the request's parameters. */
export async function currentCustomer(req: AuthenticatedMedusaRequest): Promise<CustomerRef> {
  const customerId = req.auth_context.actor_id
  if (!invoiceApiMatchesEmail(req.scope)) {
    return { customer_id: customerId, email: null }
  }
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "customer", fields: ["id", "email"], filters: { id: customerId } })
  return { customer_id: customerId, email: (data[0] as { email?: string } | undefined)?.email ?? null }
}

/** Answers the invoice API's own failure modes; anything else goes to Medusa's error handler. */
export async function withInvoiceErrors(res: MedusaResponse, work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    if (error instanceof InvoicesClosedError) {
      res.status(503).json({ type: "invoices_unavailable", message: error.message })
      return
    }
    if (error instanceof UpstreamError) {
      res.status(502).json({
        type: "upstream_unavailable",
        message: "The invoice system did not answer correctly; please try again later.",
      })
      return
    }
    throw error
  }
}
