import { useQuery } from "@tanstack/react-query"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import type { ConnectorList } from "./types"

/** The configured connectors; the connectors page polls it, the stock page only needs the names. */
export const useConnectors = (refetchInterval: number | false) =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "connectors"],
    queryFn: () => sdk.client.fetch<ConnectorList>("/admin/syncguard/connectors"),
    refetchInterval,
  })
