import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listCustomerInvoices } from "./customer-invoices"
import { currentCustomer, withInvoiceErrors } from "./helpers"
import type { StoreListInvoicesParamsType } from "./validators"

/** The logged-in customer's invoices, scope-checked on the server. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreListInvoicesParamsType>, res: MedusaResponse) {
  await withInvoiceErrors(req, res, async () => {
    const started = performance.now()
    const { status, limit, offset } = req.validatedQuery as StoreListInvoicesParamsType
    const { invoices, count, timing } = await listCustomerInvoices(req.scope, await currentCustomer(req), {
      status,
      limit,
      offset,
    })
    // lets a storefront (and bench:invoices) see what the scope enforcement costs over the upstream call
    res.setHeader(
      "Server-Timing",
      `upstream;dur=${timing.upstreamMs.toFixed(2)}, invoices;dur=${(performance.now() - started).toFixed(2)}`
    )
    res.json({ invoices, count, limit, offset })
  })
}
