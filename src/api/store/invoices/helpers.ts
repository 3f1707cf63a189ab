import type { AuthenticatedMedusaRequest, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { answerDomainErrors } from "../../errors"
import { CustomerRef, invoiceApiMatchesEmail } from "./customer-invoices"

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

/**
 * Answers the invoice API's failure modes through the routes' one error mapping (../../errors):
 * 503 `invoices_unavailable` while closed, 502 `upstream_unavailable` (never the remote's
 * answer) when the invoice system fails; anything else goes to Medusa's error handler.
 */
export function withInvoiceErrors(req: MedusaRequest, res: MedusaResponse, work: () => Promise<void>): Promise<void> {
  return answerDomainErrors(req, res, work, { upstream: "The invoice system" })
}
