import { useQuery } from "@tanstack/react-query"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import type { InvoiceApiState } from "./types"

export const useInvoiceApi = () =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "invoices"],
    queryFn: () => sdk.client.fetch<InvoiceApiState>("/admin/syncguard/invoices"),
    refetchInterval: 5000,
  })

export const useReopenInvoices = () =>
  useSyncguardMutation({
    mutationFn: () =>
      sdk.client.fetch<{ connector: string; reopened: boolean }>("/admin/syncguard/invoices/reopen", {
        method: "POST",
        body: {},
      }),
    success: ({ reopened }) => (reopened ? "Invoice API reopened" : "The invoice API was already open"),
  })
