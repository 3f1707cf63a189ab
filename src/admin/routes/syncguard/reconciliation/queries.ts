import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import type { DriftKind, EntityType, FindingList, RunDetail, RunList, RunStatus } from "./types"

const BASE = "/admin/syncguard/reconciliation"

/** A running run changes every heartbeat (2 s); the rest only when someone acts. */
const RUNNING_POLL_MS = 2000
const IDLE_POLL_MS = 5000

export type RunFilters = { connector?: string; entity_type?: EntityType; status?: RunStatus }

export const useRuns = (filters: RunFilters, limit: number, offset: number) =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "reconciliation-runs", { ...filters, limit, offset }],
    queryFn: () => sdk.client.fetch<RunList>(`${BASE}/runs`, { query: { ...filters, limit, offset } }),
    refetchInterval: (query) =>
      query.state.data?.runs.some((r) => r.status === "running") ? RUNNING_POLL_MS : IDLE_POLL_MS,
    placeholderData: keepPreviousData,
  })

export const useRun = (id: string | null) =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "reconciliation-run", id],
    queryFn: () => sdk.client.fetch<RunDetail>(`${BASE}/runs/${encodeURIComponent(id ?? "")}`),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.run.status === "running" ? RUNNING_POLL_MS : IDLE_POLL_MS),
  })

type FindingQuery = { kind: DriftKind; status?: string; limit: number; offset: number }

const findingsQuery = (runId: string, query: FindingQuery, live: boolean) => ({
  queryKey: [SYNCGUARD_KEY, "reconciliation-findings", runId, query],
  queryFn: () => sdk.client.fetch<FindingList>(`${BASE}/runs/${encodeURIComponent(runId)}/findings`, { query }),
  refetchInterval: live ? RUNNING_POLL_MS : IDLE_POLL_MS,
})

/** One page of a run's findings of one kind; `live` while the run is still adding to them. */
export const useFindings = (runId: string, query: FindingQuery, live: boolean) =>
  // the previous page stays on screen while the next one loads
  useQuery({ ...findingsQuery(runId, query, live), placeholderData: keepPreviousData })

/**
 * How many findings of a kind still call for a decision (open or repair_failed: what "Repair all"
 * acts on). Two one-row pages: the list answers with the total count of its filter.
 */
export const useActionableCount = (runId: string, kind: DriftKind, live: boolean) => {
  // no placeholder: a count carried over from another kind would promise the wrong number
  const open = useQuery(findingsQuery(runId, { kind, status: "open", limit: 1, offset: 0 }, live))
  const failed = useQuery(findingsQuery(runId, { kind, status: "repair_failed", limit: 1, offset: 0 }, live))
  const ready = open.data !== undefined && failed.data !== undefined
  return {
    count: ready ? open.data!.count + failed.data!.count : null,
    error: open.error ?? failed.error,
  }
}
