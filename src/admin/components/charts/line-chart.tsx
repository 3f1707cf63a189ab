import { Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { formatTick, timeTicks, valueTicks } from "./scales"

export type ChartPoint = { t: Date | string; v: number | null }
export type ChartSeries = { name: string; points: ChartPoint[]; color?: string; dashed?: boolean }

type Props = {
  series: ChartSeries[]
  /** what the chart shows, for screen readers and tests */
  label: string
  formatValue?: (v: number) => string
  height?: number
}

/** Distinct on light and dark backgrounds; callers pass `color` to keep one colour per connector across charts. */
export const PALETTE = ["#3b82f6", "#f97316", "#10b981", "#a855f7", "#ef4444", "#eab308", "#06b6d4", "#ec4899"]

const WIDTH = 640
const M = { top: 10, right: 12, bottom: 24, left: 56 }

/** Above this many points a line shows no dots: they would merge into a thick band. */
const DENSE = 120

type Plotted = { x: number; y: number; t: number; v: number }
type Hover = { series: string; color: string; point: Plotted }

/** Splits a series at missing values, so a gap in the data is a gap in the line. */
function segments(points: Array<Plotted | null>): Plotted[][] {
  const out: Plotted[][] = [[]]
  for (const p of points) {
    if (p) out[out.length - 1].push(p)
    else if (out[out.length - 1].length) out.push([])
  }
  return out.filter((s) => s.length)
}

/** A small time-series line chart in plain SVG: axes, legend, and a tooltip per point. */
export const LineChart = ({ series, label, formatValue = (v) => v.toLocaleString(), height = 200 }: Props) => {
  const [hover, setHover] = useState<Hover | null>(null)
  const plot = useMemo(() => {
    const all = series.flatMap((s) => s.points.map((p) => ({ t: new Date(p.t).getTime(), v: p.v })))
    const times = all.map((p) => p.t).filter(Number.isFinite)
    let start = times.length ? Math.min(...times) : Date.now() - 60_000
    let end = times.length ? Math.max(...times) : Date.now()
    if (end - start < 60_000) [start, end] = [start - 30_000, end + 30_000]
    const values = all.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v))
    const yTicks = valueTicks(values.length ? Math.max(...values) : 0)
    const yMax = yTicks[yTicks.length - 1]
    const innerW = WIDTH - M.left - M.right
    const innerH = height - M.top - M.bottom
    const x = (t: number) => M.left + ((t - start) / (end - start)) * innerW
    const y = (v: number) => M.top + innerH - (v / yMax) * innerH
    const lines = series.map((s, i) => ({
      name: s.name,
      color: s.color ?? PALETTE[i % PALETTE.length],
      dashed: s.dashed,
      segments: segments(
        s.points.map((p) => {
          const t = new Date(p.t).getTime()
          return p.v === null || !Number.isFinite(p.v) || !Number.isFinite(t) ? null : { x: x(t), y: y(p.v), t, v: p.v }
        })
      ),
    }))
    return { start, end, x, y, yTicks, xTicks: timeTicks(start, end), lines, innerH }
  }, [series, height])

  const span = plot.end - plot.start
  const tip = hover && `${hover.series} · ${formatTick(hover.point.t, span)}: ${formatValue(hover.point.v)}`
  // about 6 px a character at font size 10; kept inside the plot at either edge
  const tipW = tip ? tip.length * 6 + 16 : 0
  const tipX = hover ? Math.min(Math.max(hover.point.x, M.left + tipW / 2), WIDTH - M.right - tipW / 2) : 0

  return (
    <div className="flex flex-col gap-y-2">
      <svg
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        className="text-ui-fg-muted overflow-visible"
        onMouseLeave={() => setHover(null)}
      >
        <title>{label}</title>
        {plot.yTicks.map((v) => (
          <g key={`y${v}`}>
            <line
              x1={M.left}
              x2={WIDTH - M.right}
              y1={plot.y(v)}
              y2={plot.y(v)}
              stroke="currentColor"
              strokeOpacity={0.2}
            />
            <text
              x={M.left - 6}
              y={plot.y(v)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={10}
              fill="currentColor"
            >
              {formatValue(v)}
            </text>
          </g>
        ))}
        {plot.xTicks.map((t) => (
          <text key={`x${t}`} x={plot.x(t)} y={height - 6} textAnchor="middle" fontSize={10} fill="currentColor">
            {formatTick(t, span)}
          </text>
        ))}
        <line
          x1={M.left}
          x2={WIDTH - M.right}
          y1={M.top + plot.innerH}
          y2={M.top + plot.innerH}
          stroke="currentColor"
          strokeOpacity={0.5}
        />
        {plot.lines.map((line) => (
          <g key={line.name} data-series={line.name}>
            {line.segments.map((seg, i) => (
              <polyline
                key={i}
                points={seg.map((p) => `${p.x},${p.y}`).join(" ")}
                fill="none"
                stroke={line.color}
                strokeWidth={1.5}
                strokeDasharray={line.dashed ? "4 3" : undefined}
              />
            ))}
            {line.segments.flat().map((p, i, all) => {
              const hovered = hover?.series === line.name && hover.point.t === p.t
              // dense lines hide their dots but keep them as hover targets
              return (
                <circle
                  key={i}
                  cx={p.x}
                  cy={p.y}
                  r={hovered ? 4 : all.length > DENSE ? 3 : 2.5}
                  fill={line.color}
                  fillOpacity={hovered || all.length <= DENSE ? 1 : 0}
                  onMouseEnter={() => setHover({ series: line.name, color: line.color, point: p })}
                >
                  <title>{`${line.name} · ${formatTick(p.t, span)}: ${formatValue(p.v)}`}</title>
                </circle>
              )
            })}
          </g>
        ))}
        {hover && (
          <g pointerEvents="none">
            <rect
              x={tipX - tipW / 2}
              y={M.top}
              width={tipW}
              height={18}
              rx={4}
              fill="white"
              fillOpacity={0.9}
              stroke={hover.color}
            />
            <text x={tipX} y={M.top + 12} textAnchor="middle" fontSize={10} fill="#111827">
              {tip}
            </text>
          </g>
        )}
      </svg>
      <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-label={`${label}: legend`}>
        {plot.lines.map((line) => (
          <li key={line.name} className="flex items-center gap-x-1.5">
            <svg width="16" height="4" aria-hidden="true">
              <line
                x1="0"
                x2="16"
                y1="2"
                y2="2"
                stroke={line.color}
                strokeWidth={2}
                strokeDasharray={line.dashed ? "4 3" : undefined}
              />
            </svg>
            <Text size="xsmall" className="text-ui-fg-subtle">
              {line.name}
            </Text>
          </li>
        ))}
      </ul>
    </div>
  )
}
