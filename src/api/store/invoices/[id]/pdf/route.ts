import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { getCustomerInvoicePdf } from "../../customer-invoices"
import { currentCustomer, withInvoiceErrors } from "../../helpers"

/** The invoice's document, after the same scope check as the invoice itself. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  await withInvoiceErrors(req, res, async () => {
    const pdf = await getCustomerInvoicePdf(req.scope, await currentCustomer(req), req.params.id)
    if (!pdf) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `No document for invoice ${req.params.id}`)
    }
    res.setHeader("Content-Type", pdf.contentType)
    res.setHeader("Content-Disposition", `inline; filename="invoice-${req.params.id.replace(/[^\w.-]/g, "_")}.pdf"`)
    res.setHeader("Cache-Control", "private, no-store")
    res.send(pdf.body)
  })
}
