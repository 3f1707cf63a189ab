import { Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { errorMessage } from "../lib/sdk"

type Props = {
  isLoading: boolean
  error: unknown
  /** true when the query answered with nothing to show */
  isEmpty?: boolean
  /** what an empty answer means, e.g. "No dead letters — every message was delivered" */
  empty?: ReactNode
  children: ReactNode
}

/** Loading, the API's error (never a silent blank), the empty state's meaning, or the content. */
export const QueryState = ({ isLoading, error, isEmpty, empty, children }: Props) => {
  if (isLoading)
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        Loading…
      </Text>
    )
  if (error)
    return (
      <Text size="small" className="text-ui-fg-error px-6 py-4" data-testid="syncguard-error">
        {errorMessage(error)}
      </Text>
    )
  if (isEmpty)
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4" data-testid="syncguard-empty">
        {empty}
      </Text>
    )
  return <>{children}</>
}
