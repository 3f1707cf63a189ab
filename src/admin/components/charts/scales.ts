/** Axis arithmetic for the SVG charts: round tick values a reader can take in at a glance. */

/** 0 up to a round maximum, in 1/2/5 × 10^n steps; about `count` ticks. */
export function valueTicks(max: number, count = 4): number[] {
  if (!Number.isFinite(max) || max <= 0) return [0, 1]
  const raw = max / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude
  const ticks: number[] = []
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number(v.toPrecision(12)))
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)))
  return ticks
}

const MINUTE = 60_000
const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((m) => m * MINUTE)

/** Whole-minute/hour marks inside [start, end], at most about `count` of them. */
export function timeTicks(start: number, end: number, count = 6): number[] {
  const span = end - start
  if (!(span > 0)) return [start]
  const step = STEPS.find((s) => span / s <= count) ?? STEPS[STEPS.length - 1]
  // marks on local clock boundaries (14:00, 14:30), not on the first sample's odd second
  const offset = new Date(start).getTimezoneOffset() * MINUTE
  const first = Math.ceil((start - offset) / step) * step + offset
  const ticks: number[] = []
  for (let t = first; t <= end; t += step) ticks.push(t)
  return ticks
}

/** "14:05", or "3 Mar 14:05" when the window spans more than a day. */
export function formatTick(t: number, spanMs: number): string {
  const d = new Date(t)
  const time = d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
  return spanMs > 24 * 60 * MINUTE ? `${d.toLocaleDateString([], { day: "numeric", month: "short" })} ${time}` : time
}
