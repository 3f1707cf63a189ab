import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listCustomerInvoices } from "../../../lib/customer-invoices"
import { currentCustomer, withInvoiceErrors } from "./helpers"
import type { StoreListInvoicesParamsType } from "./validators"

/** The logged-in customer's invoices, scope-checked on the server. */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreListInvoicesParamsType>, res: MedusaResponse) {
  await withInvoiceErrors(res, async () => {
    const { status, limit, offset } = req.validatedQuery as StoreListInvoicesParamsType
    const { invoices, count } = await listCustomerInvoices(req.scope, await currentCustomer(req), { status, limit, offset })
    res.json({ invoices, count, limit, offset })
  })
}
