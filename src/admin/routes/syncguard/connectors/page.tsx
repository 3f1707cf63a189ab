import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container } from "@medusajs/ui"
import { BoxedState, NoConnectors } from "../../../components/boxed-state"
import { PageHeader } from "../../../components/page-header"
import { ConnectorPanel } from "./connector-panel"
import { useConnectors } from "./queries"

const ConnectorsPage = () => {
  const { data, isLoading, error } = useConnectors(5000)
  const connectors = data?.connectors ?? []

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="p-0">
        <PageHeader
          title="Connectors"
          description="The remote systems syncguard sends to and hears from, as configured. Pausing one stops sending to it for every worker; its messages wait in the outbox and go out when it is resumed. Credentials are never shown."
        />
      </Container>
      {/* a failed refresh keeps the last answer on screen, under the error */}
      {(!data || error) && <BoxedState isLoading={isLoading} error={error} />}
      {data && connectors.length === 0 && <NoConnectors />}
      {connectors.map((c) => (
        <ConnectorPanel key={c.name} connector={c} />
      ))}
    </div>
  )
}

export const config = defineRouteConfig({ label: "Connectors", rank: 7 })

export const handle = { breadcrumb: () => "Connectors" }

export default ConnectorsPage
