/** "3 s", "4 min", "2 h", "3 d": ages and lags at a glance. */
export function formatDuration(ms: number | string | null | undefined): string {
  if (ms === null || ms === undefined || ms === "") return "—"
  const n = Number(ms)
  if (!Number.isFinite(n)) return "—"
  if (n < 1000) return `${Math.round(n)} ms`
  if (n < 60_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)} s`
  if (n < 3_600_000) return `${Math.round(n / 60_000)} min`
  if (n < 86_400_000) return `${(n / 3_600_000).toFixed(1)} h`
  return `${(n / 86_400_000).toFixed(1)} d`
}

/** How long ago a timestamp was. */
export function formatAge(at: string | Date | null | undefined, now = Date.now()): string {
  if (!at) return "—"
  return `${formatDuration(now - new Date(at).getTime())} ago`
}

export function formatDate(at: string | Date | null | undefined): string {
  if (!at) return "—"
  return new Date(at).toLocaleString()
}
