import { CUSTOMER_FIELDS } from "../modules/syncguard/policies/drift"
import { compareWindow } from "./compare-page"
import { readCustomerPage } from "./medusa-customers"
import type { RunContext, RunOutcome } from "./run-context"

/** Customers changed in the window: the fields the customer message writes, field by field. */
export async function reconcileCustomers(ctx: RunContext): Promise<RunOutcome> {
  const last = await compareWindow(
    ctx,
    "customer",
    (window, after, limit) => readCustomerPage(ctx.container, window, after, limit),
    CUSTOMER_FIELDS
  )
  return { cursorAfter: last ?? ctx.run.cursor_before ?? ctx.window.from }
}
