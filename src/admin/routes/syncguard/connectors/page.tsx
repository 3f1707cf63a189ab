import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Heading, Text } from "@medusajs/ui"
import { QueryState } from "../../../components/query-state"
import { ConnectorPanel } from "./connector-panel"
import { useConnectors } from "./queries"

const ConnectorsPage = () => {
  const { data, isLoading, error } = useConnectors(5000)
  const connectors = data?.connectors ?? []

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h1">Connectors</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          The remote systems syncguard sends to and hears from, as configured. Pausing one stops sending to it for every
          worker; its messages wait in the outbox and go out when it is resumed. Credentials are never shown.
        </Text>
      </Container>
      {/* a failed refresh keeps the last answer on screen, under the error */}
      {(!data || error) && (
        <Container className="p-0">
          <QueryState isLoading={isLoading} error={error}>
            {null}
          </QueryState>
        </Container>
      )}
      {data && connectors.length === 0 && (
        <Container className="p-0">
          <QueryState isLoading={false} error={null} isEmpty empty="No connector is configured: nothing is synced">
            {null}
          </QueryState>
        </Container>
      )}
      {connectors.map((c) => (
        <ConnectorPanel key={c.name} connector={c} />
      ))}
    </div>
  )
}

export const config = defineRouteConfig({ label: "Connectors" })

export const handle = { breadcrumb: () => "Connectors" }

export default ConnectorsPage
