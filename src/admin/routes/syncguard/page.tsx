import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChartBar } from "@medusajs/icons"
import { Container } from "@medusajs/ui"
import type { ReactNode } from "react"
import { ConnectorCard } from "../../components/health/connector-card"
import { HealthCharts } from "../../components/health/health-charts"
import { JobHeartbeats } from "../../components/health/job-heartbeats"
import { OverallStatus } from "../../components/health/overall-status"
import { useHealth } from "../../components/health/queries"
import { QueryState } from "../../components/query-state"

const Boxed = ({ children }: { children: ReactNode }) => <Container className="p-0">{children}</Container>

/** Sync health: the verdict, each connector, the trends, and whether the scheduled jobs still run. */
const SyncHealthPage = () => {
  const { data, isLoading, error } = useHealth(5000)

  if (!data)
    return (
      <Boxed>
        <QueryState isLoading={isLoading} error={error}>
          {null}
        </QueryState>
      </Boxed>
    )

  return (
    <div className="flex flex-col gap-y-3">
      {/* a failed refresh keeps the last report on screen, under the error */}
      {error && (
        <Boxed>
          <QueryState isLoading={false} error={error}>
            {null}
          </QueryState>
        </Boxed>
      )}
      <OverallStatus health={data} />
      {data.connectors.length === 0 ? (
        <Boxed>
          <QueryState isLoading={false} error={null} isEmpty empty="No connector is configured: nothing is synced">
            {null}
          </QueryState>
        </Boxed>
      ) : (
        data.connectors.map((c) => <ConnectorCard key={c.name} connector={c} />)
      )}
      <HealthCharts />
      <JobHeartbeats jobs={data.jobs} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Sync health",
  icon: ChartBar,
})

export const handle = {
  breadcrumb: () => "Sync health",
}

export default SyncHealthPage
