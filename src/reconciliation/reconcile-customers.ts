import { CUSTOMER_FIELDS } from "../modules/syncguard/policies/drift"
import { comparePage, stageRemoteFeed } from "./compare-page"
import { keysetPages } from "./keyset"
import { CustomerFacts, readCustomerPage } from "./medusa-customers"
import type { RunContext, RunOutcome } from "./run-context"

/** Customers changed in the window: the fields the customer message writes, field by field. */
export async function reconcileCustomers(ctx: RunContext): Promise<RunOutcome> {
  await stageRemoteFeed(ctx, "customer")
  let last: string | null = null
  for await (const page of keysetPages<CustomerFacts>(
    (after, limit) => readCustomerPage(ctx.container, ctx.window, after, limit),
    ctx.window.from,
    ctx.config.pageSize
  )) {
    await comparePage(ctx, "customer", page, CUSTOMER_FIELDS)
    last = page[page.length - 1].key_at
    await ctx.progress()
  }
  return { cursorAfter: last ?? ctx.run.cursor_before ?? ctx.window.from }
}
