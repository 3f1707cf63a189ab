import { StatusBadge, Text } from "@medusajs/ui"
import { ConfirmButton } from "../../../components/confirm"
import { ActionGroup } from "../../../components/error-line"
import { formatAge, formatDate } from "../../../lib/format"
import type { InvoiceApiState } from "./types"
import { useReopenInvoices } from "./use-invoice-api"

type Closed = NonNullable<InvoiceApiState["closed"]>

const ReopenButton = ({ connector, closed }: { connector: string; closed: Closed }) => {
  const reopen = useReopenInvoices()
  const question = () => ({
    title: "Reopen the invoice API?",
    description:
      `The invoice API of ${connector} was closed ${formatAge(closed.closed_at)} after repeated scope violations: ` +
      `the CRM returned other customers' invoices. Reopen only after the CRM is fixed — customers fetch their ` +
      `invoices from it again at once. Violations recorded before now no longer count towards closing it again.`,
  })

  return (
    <ActionGroup error={reopen.error} errorTestId="invoices-reopen-error" errorClassName="max-w-[320px]">
      <ConfirmButton
        label="Reopen"
        question={question}
        onConfirm={() => reopen.mutate()}
        isLoading={reopen.isPending}
        data-testid="invoices-reopen"
      />
    </ActionGroup>
  )
}

/** Open or closed, and when a scope-violation breaker closed it, why and since when. */
export const InvoiceState = ({ state }: { state: InvoiceApiState }) => {
  if (!state.connector)
    return (
      <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="invoices-not-configured">
        <StatusBadge color="grey" className="self-start">
          not configured
        </StatusBadge>
        <Text size="small" className="text-ui-fg-subtle">
          The invoice API is not configured on this store (no invoices connector in syncguard's options), so customers
          cannot fetch invoices through it.
        </Text>
      </div>
    )

  const { closed } = state
  return (
    <div className="flex items-start justify-between gap-x-4 px-6 py-4">
      <div className="flex flex-col gap-y-2">
        <div className="flex items-center gap-x-2">
          <Text size="small" weight="plus">
            {state.connector}
          </Text>
          <StatusBadge color={closed ? "red" : "green"} data-testid="invoices-state">
            {closed ? "closed" : "open"}
          </StatusBadge>
        </div>
        {closed ? (
          <>
            <Text size="small" data-testid="invoices-closed-at">
              Closed {formatDate(closed.closed_at)} ({formatAge(closed.closed_at)}). Customers get an error until it is
              reopened.
            </Text>
            <Text size="small" className="text-ui-fg-error break-words" data-testid="invoices-closed-reason">
              Why: {closed.reason ?? "no reason recorded"}
            </Text>
          </>
        ) : (
          <Text size="small" className="text-ui-fg-subtle">
            Customers fetch their own invoices from the CRM; each answer is checked against the asking customer, and
            repeated violations close the API.
          </Text>
        )}
      </div>
      {closed && <ReopenButton connector={state.connector} closed={closed} />}
    </div>
  )
}
