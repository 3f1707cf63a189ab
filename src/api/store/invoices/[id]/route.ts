import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { getCustomerInvoice, toStoreInvoice } from "../customer-invoices"
import { currentCustomer, withInvoiceErrors } from "../helpers"

/** One of the customer's invoices; someone else's is 404, so existence does not leak. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await withInvoiceErrors(req, res, async () => {
    const invoice = await getCustomerInvoice(req.scope, await currentCustomer(req), req.params.id)
    if (!invoice) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Invoice ${req.params.id} was not found`)
    }
    res.json({ invoice: toStoreInvoice(invoice) })
  })
}
