import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { QueryState } from "../../../components/query-state"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { InvoiceState } from "./invoice-state"
import type { ScopeViolationList } from "./types"
import { useInvoiceApi } from "./use-invoice-api"
import { ViolationsTable } from "./violations-table"

const PAGE_SIZE = 20

const InvoiceApiPage = () => {
  const [pageIndex, setPageIndex] = useState(0)
  const state = useInvoiceApi()
  const violations = useQuery({
    queryKey: [SYNCGUARD_KEY, "scope-violations", pageIndex],
    queryFn: () =>
      sdk.client.fetch<ScopeViolationList>("/admin/syncguard/scope-violations", {
        query: { limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE },
      }),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Heading level="h1">Invoice API</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Customers read their invoices from the CRM through syncguard, which checks that every invoice in an answer
            belongs to the customer who asked. After repeated violations it closes the API until an admin reopens it.
          </Text>
        </div>
        <QueryState isLoading={state.isLoading} error={state.error}>
          {state.data && <InvoiceState state={state.data} />}
        </QueryState>
      </Container>
      <Container className="divide-y p-0">
        <div className="flex items-center gap-x-2 px-6 py-4">
          <Heading level="h2">Scope violations</Heading>
          {violations.data && (
            <Badge size="2xsmall" data-testid="scope-violations-count">
              {violations.data.count}
            </Badge>
          )}
        </div>
        <QueryState
          isLoading={violations.isLoading}
          error={violations.error}
          isEmpty={violations.data?.count === 0}
          empty="No scope violations — the CRM never returned another customer's invoice"
        >
          {violations.data && (
            <ViolationsTable
              rows={violations.data.scope_violations}
              count={violations.data.count}
              pageSize={PAGE_SIZE}
              pageIndex={pageIndex}
              onPageChange={setPageIndex}
            />
          )}
        </QueryState>
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Invoice API" })

export const handle = { breadcrumb: () => "Invoice API" }

export default InvoiceApiPage
