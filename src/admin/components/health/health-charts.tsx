import { Container, Heading, Select, Text } from "@medusajs/ui"
import { useMemo, useState, type ReactNode } from "react"
import { formatDuration } from "../../lib/format"
import { LineChart } from "../charts/line-chart"
import { QueryState } from "../query-state"
import { lagSeries, queueSeries, throughputSeries } from "./history-series"
import { useHealthHistory } from "./queries"

const WINDOWS = [1, 6, 24]

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
      <div className="flex items-center justify-between gap-x-4 px-6 py-4">
        <Heading level="h2">Trends</Heading>
        <div className="w-[140px]">
          <Select size="small" value={String(hours)} onValueChange={(v) => setHours(Number(v))}>
            <Select.Trigger data-testid="syncguard-chart-hours" aria-label="Time window">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {WINDOWS.map((h) => (
                <Select.Item key={h} value={String(h)}>
                  Last {h} {h === 1 ? "hour" : "hours"}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </div>
      </div>
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
