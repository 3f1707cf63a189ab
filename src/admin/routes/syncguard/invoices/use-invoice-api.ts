import { toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import type { InvoiceApiState } from "./types"

export const useInvoiceApi = () =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "invoices"],
    queryFn: () => sdk.client.fetch<InvoiceApiState>("/admin/syncguard/invoices"),
    refetchInterval: 5000,
  })

export const useReopenInvoices = () => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ connector: string; reopened: boolean }>("/admin/syncguard/invoices/reopen", {
        method: "POST",
        body: {},
      }),
    onSuccess: ({ reopened }) => toast.success(reopened ? "Invoice API reopened" : "The invoice API was already open"),
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })
}
