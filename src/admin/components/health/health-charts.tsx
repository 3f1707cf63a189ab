import { Container, Text } from "@medusajs/ui"
import { useMemo, useState, type ReactNode } from "react"
import { formatDuration } from "../../lib/format"
import { LineChart } from "../charts/line-chart"
import { OptionSelect } from "../filter-select"
import { PageHeader } from "../page-header"
import { QueryState } from "../query-state"
import { lagSeries, queueSeries, throughputSeries } from "./history-series"
import { useHealthHistory } from "./queries"

const WINDOWS = [1, 6, 24].map((h) => ({ value: String(h), label: `Last ${h} ${h === 1 ? "hour" : "hours"}` }))

const ChartPanel = ({ title, testId, children }: { title: string; testId: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-2" data-testid={testId}>
    <Text size="small" weight="plus">
      {title}
    </Text>
    {children}
  </div>
)

/** The trend behind the numbers above: is the backlog growing, is anything getting through, is it slowing. */
export const HealthCharts = () => {
  const [hours, setHours] = useState(6)
  const { data, isLoading, error } = useHealthHistory(hours)
  const samples = useMemo(() => data?.samples ?? [], [data])
  const charts = useMemo(
    () => ({ queue: queueSeries(samples), throughput: throughputSeries(samples), lag: lagSeries(samples) }),
    [samples]
  )

  return (
    <Container className="divide-y p-0">
      <PageHeader
        level="h2"
        title="Trends"
        actions={
          <OptionSelect
            value={String(hours)}
            options={WINDOWS}
            onChange={(v) => setHours(Number(v))}
            testId="syncguard-chart-hours"
            label="Time window"
            className="w-[140px]"
          />
        }
      />
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={samples.length === 0}
        empty="No samples yet: the metrics job records one every minute"
      >
        <div className="grid grid-cols-1 gap-6 px-6 py-4 xl:grid-cols-2">
          <ChartPanel title="Queue depth (waiting to be delivered)" testId="syncguard-chart-queue">
            <LineChart label={`Queue depth per connector, last ${hours} h`} series={charts.queue} />
          </ChartPanel>
          <ChartPanel title="Throughput (attempts a minute)" testId="syncguard-chart-throughput">
            <LineChart
              label={`Delivery attempts a minute per connector, last ${hours} h`}
              series={charts.throughput}
              formatValue={(v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))}
            />
          </ChartPanel>
          <ChartPanel title="Sync lag (p50 solid, p95 dashed)" testId="syncguard-chart-lag">
            <LineChart
              label={`Sync lag p50 and p95 per connector, last ${hours} h`}
              series={charts.lag}
              formatValue={formatDuration}
            />
          </ChartPanel>
        </div>
      </QueryState>
    </Container>
  )
}
