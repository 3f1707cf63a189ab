import { freshLearnedRate, initialLearnedRate, LearnedRate, LearnSettings } from "./learn-rate"

// The learned rate as the Redis hash every worker shares (flat HGETALL replies in, HSET pairs out).

/** Fields the commit writes; `rateLimited` and `last429At` belong to the feedback script. */
export function encodeLearned(state: LearnedRate): string[] {
  const n = (v: number | null) => (v === null ? "" : String(v))
  return [
    "rps",
    String(state.rps),
    "ceilingRps",
    n(state.ceilingRps),
    "aboveSince",
    n(state.aboveSince),
    "probeSince",
    String(state.probeSince),
    "updatedAt",
    String(state.updatedAt),
    "decreasedAt",
    String(state.decreasedAt),
    "headerRps",
    n(state.headerRps),
    "headerAt",
    String(state.headerAt),
    "headerWindowMs",
    String(state.headerWindowMs),
  ]
}

export function decodeLearned(
  flat: string[],
  settings: LearnSettings | null,
  now: number
): { state: LearnedRate | null; version: number; stored: boolean } {
  const map = new Map(pairs(flat))
  const num = (key: string, fallback: number) => {
    const v = map.get(key)
    return v === undefined || v === "" || !Number.isFinite(Number(v)) ? fallback : Number(v)
  }
  const opt = (key: string) => {
    const v = map.get(key)
    return v === undefined || v === "" || !Number.isFinite(Number(v)) ? null : Number(v)
  }
  const version = num("v", 0)
  const initial = settings ? initialLearnedRate(settings, now) : null
  const base: LearnedRate = initial ?? freshLearnedRate(0, now)
  const stored = map.has("rps")
  const state: LearnedRate = stored
    ? {
        rps: num("rps", base.rps),
        ceilingRps: opt("ceilingRps"),
        aboveSince: opt("aboveSince"),
        probeSince: num("probeSince", now),
        updatedAt: num("updatedAt", now),
        decreasedAt: num("decreasedAt", 0),
        last429At: num("last429At", 0),
        rateLimited: num("rateLimited", 0),
        headerRps: opt("headerRps"),
        headerAt: num("headerAt", 0),
        headerWindowMs: num("headerWindowMs", 0),
      }
    : { ...base, last429At: num("last429At", 0), rateLimited: num("rateLimited", 0) }
  return { state, version, stored }
}

export function pairs(flat: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = []
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([String(flat[i]), String(flat[i + 1])])
  return out
}
