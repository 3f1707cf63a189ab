import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { usePagedList } from "../../../components/use-paged-list"
import { sdk } from "../../../lib/sdk"
import { InvoiceState } from "./invoice-state"
import type { ScopeViolationList } from "./types"
import { useInvoiceApi } from "./use-invoice-api"
import { ViolationsTable } from "./violations-table"

const NO_FILTERS = {}

const InvoiceApiPage = () => {
  const state = useInvoiceApi()
  const { query: violations, paging } = usePagedList("scope-violations", NO_FILTERS, (_, page) =>
    sdk.client.fetch<ScopeViolationList>("/admin/syncguard/scope-violations", { query: page })
  )

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <PageHeader
          title="Invoice API"
          description="Customers read their invoices from the CRM through syncguard, which checks that every invoice in an answer belongs to the customer who asked. After repeated violations it closes the API until an admin reopens it."
        />
        <QueryState isLoading={state.isLoading} error={state.error}>
          {state.data && <InvoiceState state={state.data} />}
        </QueryState>
      </Container>
      <Container className="divide-y p-0">
        <PageHeader
          level="h2"
          title="Scope violations"
          count={violations.data?.count}
          countTestId="scope-violations-count"
        />
        <QueryState
          isLoading={violations.isLoading}
          error={violations.error}
          isEmpty={violations.data?.count === 0}
          empty="No scope violations — the CRM never returned another customer's invoice"
        >
          {violations.data && <ViolationsTable rows={violations.data.scope_violations} {...paging} />}
        </QueryState>
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Invoice API", rank: 6 })

export const handle = { breadcrumb: () => "Invoice API" }

export default InvoiceApiPage
