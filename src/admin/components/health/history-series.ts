import type { ChartSeries } from "../charts/line-chart"
import { PALETTE } from "../charts/line-chart"
import type { MetricSample } from "./types"
import { waitingCount } from "./waiting"

const num = (v: unknown): number | null => (v === null || v === undefined || v === "" ? null : Number(v))

function byConnector(samples: MetricSample[]): Array<[string, MetricSample[], string]> {
  const groups = new Map<string, MetricSample[]>()
  for (const s of samples) groups.set(s.connector, [...(groups.get(s.connector) ?? []), s])
  // sorted, so a connector keeps its colour in every chart and across refreshes
  return [...groups.keys()].sort().map((name, i) => [name, groups.get(name)!, PALETTE[i % PALETTE.length]])
}

/** What still waits to be delivered: the queue depth plotted over time. */
export function queueSeries(samples: MetricSample[]): ChartSeries[] {
  return byConnector(samples).map(([name, rows, color]) => ({
    name,
    color,
    points: rows.map((s) => ({ t: s.sampled_at, v: waitingCount(s.depth) })),
  }))
}

/** Attempts a minute: attempts since the previous sample over the time since it (none for the first). */
export function throughputSeries(samples: MetricSample[]): ChartSeries[] {
  return byConnector(samples).map(([name, rows, color]) => ({
    name,
    color,
    points: rows.map((s) => {
      const interval = num(s.interval_ms)
      const attempts = num(s.attempts_since_last) ?? 0
      return { t: s.sampled_at, v: interval && interval > 0 ? (attempts / interval) * 60_000 : null }
    }),
  }))
}

/** p50 solid and p95 dashed, in the connector's colour. */
export function lagSeries(samples: MetricSample[]): ChartSeries[] {
  return byConnector(samples).flatMap(([name, rows, color]) => [
    { name: `${name} p50`, color, points: rows.map((s) => ({ t: s.sampled_at, v: num(s.lag_p50_ms) })) },
    { name: `${name} p95`, color, dashed: true, points: rows.map((s) => ({ t: s.sampled_at, v: num(s.lag_p95_ms) })) },
  ])
}
