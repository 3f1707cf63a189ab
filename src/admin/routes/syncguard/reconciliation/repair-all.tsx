import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { repairAllDescription, repairSummary } from "./describe"
import type { DriftKind, ReconciliationRun, RepairKindResult } from "./types"

/** How many reasons to show inline; the rest are on their findings. */
const REASONS_SHOWN = 3

type Props = { run: ReconciliationRun; kind: DriftKind; actionable: number }

/** Repairs every open (or failed) finding of one kind in a run; the counts stay under the button. */
export const RepairAll = ({ run, kind, actionable }: Props) => {
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const label = `Repair all ${kind}`

  const repair = useMutation({
    mutationFn: () =>
      sdk.client.fetch<RepairKindResult>(`/admin/syncguard/reconciliation/runs/${encodeURIComponent(run.id)}/repair`, {
        method: "POST",
        body: { kind },
      }),
    onSuccess: (result) => {
      const summary = repairSummary(result)
      if (result.failed || result.not_repairable) toast.warning(summary)
      else toast.success(summary)
    },
    onError: (e) => toast.error(errorMessage(e)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })

  const onClick = async () => {
    const ok = await prompt({
      title: `Repair ${actionable} ${kind} finding${actionable === 1 ? "" : "s"}?`,
      description: repairAllDescription(kind, actionable, run.connector),
      confirmText: label,
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (ok) repair.mutate()
  }

  const reasons = repair.data?.results.filter((r) => r.error).slice(0, REASONS_SHOWN) ?? []

  return (
    <div className="flex flex-col gap-y-1">
      {actionable > 0 && (
        <div>
          <Button
            size="small"
            variant="secondary"
            onClick={onClick}
            isLoading={repair.isPending}
            data-testid={`recon-repair-all-${kind}`}
          >
            {label}
          </Button>
        </div>
      )}
      {repair.data && (
        <div data-testid={`recon-repair-all-result-${kind}`}>
          <Text size="small" weight="plus">
            {repairSummary(repair.data)}
          </Text>
          {reasons.map((r) => (
            <Text key={r.id} size="xsmall" className="text-ui-fg-error break-words">
              {r.finding?.entity_id ?? r.id}: {r.error}
            </Text>
          ))}
        </div>
      )}
      {repair.isError && (
        <Text size="small" className="text-ui-fg-error break-words" data-testid={`recon-repair-all-error-${kind}`}>
          {errorMessage(repair.error)}
        </Text>
      )}
    </div>
  )
}
