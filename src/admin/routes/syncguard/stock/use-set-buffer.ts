import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"
import type { StockPublication } from "./types"

type Input = { row: StockPublication; units: number | null }

/** Fixes (units) or releases (null) one SKU's buffer; the route republishes the SKU right away. */
export const useSetBuffer = (onDone: () => void) =>
  useSyncguardMutation({
    mutationFn: ({ row, units }: Input) =>
      sdk.client.fetch<{ stock: unknown }>(
        `/admin/syncguard/stock/${encodeURIComponent(row.connector)}/${encodeURIComponent(row.variant_id)}/buffer`,
        { method: "POST", body: { buffer: units } }
      ),
    success: (_answer, { row, units }) => {
      const sku = row.sku ?? row.variant_id
      return units === null
        ? `${sku} on ${row.connector} uses the computed buffer again`
        : `${sku} on ${row.connector} holds back ${units} unit${units === 1 ? "" : "s"}`
    },
    onSuccess: () => onDone(),
  })
