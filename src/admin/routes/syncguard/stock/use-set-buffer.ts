import { toast } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import type { StockPublication } from "./types"

type Input = { row: StockPublication; units: number | null }

/** Fixes (units) or releases (null) one SKU's buffer; the route republishes the SKU right away. */
export const useSetBuffer = (onDone: () => void) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ row, units }: Input) =>
      sdk.client.fetch<{ stock: unknown }>(
        `/admin/syncguard/stock/${encodeURIComponent(row.connector)}/${encodeURIComponent(row.variant_id)}/buffer`,
        { method: "POST", body: { buffer: units } }
      ),
    onSuccess: (_answer, { row, units }) => {
      const sku = row.sku ?? row.variant_id
      toast.success(
        units === null
          ? `${sku} on ${row.connector} uses the computed buffer again`
          : `${sku} on ${row.connector} holds back ${units} unit${units === 1 ? "" : "s"}`
      )
      onDone()
    },
    onError: (error) => toast.error(errorMessage(error)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })
}
