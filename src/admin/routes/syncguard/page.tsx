import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChartBar } from "@medusajs/icons"
import { BoxedState, NoConnectors } from "../../components/boxed-state"
import { ConnectorCard } from "../../components/health/connector-card"
import { HealthCharts } from "../../components/health/health-charts"
import { JobHeartbeats } from "../../components/health/job-heartbeats"
import { OverallStatus } from "../../components/health/overall-status"
import { useHealth } from "../../components/health/queries"

/** Sync health: the verdict, each connector, the trends, and whether the scheduled jobs still run. */
const SyncHealthPage = () => {
  const { data, isLoading, error } = useHealth(5000)

  if (!data) return <BoxedState isLoading={isLoading} error={error} />

  return (
    <div className="flex flex-col gap-y-3">
      {/* a failed refresh keeps the last report on screen, under the error */}
      {error && <BoxedState isLoading={false} error={error} />}
      <OverallStatus health={data} />
      {data.connectors.length === 0 ? (
        <NoConnectors />
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
