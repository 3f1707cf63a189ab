import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { SYNCGUARD_KEY, sdk } from "../../lib/sdk"
import type { HealthHistory, HealthReport } from "./types"

/** The health report; the page and the orders widget share it, each polling at its own pace. */
export const useHealth = (refetchInterval: number) =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "health"],
    queryFn: () => sdk.client.fetch<HealthReport>("/admin/syncguard/health"),
    refetchInterval,
  })

/** Metric samples for the charts; the previous window stays drawn while another one loads. */
export const useHealthHistory = (hours: number) =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "health-history", { hours }],
    queryFn: () => sdk.client.fetch<HealthHistory>("/admin/syncguard/health/history", { query: { hours } }),
    refetchInterval: 30_000,
    placeholderData: keepPreviousData,
  })
