import { Container } from "@medusajs/ui"
import type { ComponentProps } from "react"
import { QueryState } from "./query-state"

type Props = Omit<ComponentProps<typeof QueryState>, "children">

/** Loading, an error or an empty answer as a card of its own, on pages made of cards. */
export const BoxedState = (props: Props) => (
  <Container className="p-0">
    <QueryState {...props}>{null}</QueryState>
  </Container>
)

/** The health page and the connectors page both list connectors; this is what none means. */
export const NoConnectors = () => (
  <BoxedState isLoading={false} error={null} isEmpty empty="No connector is configured: nothing is synced" />
)
