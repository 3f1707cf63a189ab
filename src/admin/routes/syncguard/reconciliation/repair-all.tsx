import { Text, toast } from "@medusajs/ui"
import { ConfirmButton } from "../../../components/confirm"
import { ErrorLine } from "../../../components/error-line"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"
import { repairAllDescription, repairSummary } from "./describe"
import type { DriftKind, ReconciliationRun, RepairKindResult } from "./types"

/** How many reasons to show inline; the rest are on their findings. */
const REASONS_SHOWN = 3

type Props = { run: ReconciliationRun; kind: DriftKind; actionable: number }

/** Repairs every open (or failed) finding of one kind in a run; the counts stay under the button. */
export const RepairAll = ({ run, kind, actionable }: Props) => {
  const repair = useSyncguardMutation({
    mutationFn: () =>
      sdk.client.fetch<RepairKindResult>(`/admin/syncguard/reconciliation/runs/${encodeURIComponent(run.id)}/repair`, {
        method: "POST",
        body: { kind },
      }),
    // some findings left open or failed: a warning, not a success
    onSuccess: (result) => {
      const summary = repairSummary(result)
      if (result.failed || result.not_repairable) toast.warning(summary)
      else toast.success(summary)
    },
  })

  const question = () => ({
    title: `Repair ${actionable} ${kind} finding${actionable === 1 ? "" : "s"}?`,
    description: repairAllDescription(kind, actionable, run.connector),
    variant: "confirmation" as const,
  })

  const reasons = repair.data?.results.filter((r) => r.error).slice(0, REASONS_SHOWN) ?? []

  return (
    <div className="flex flex-col gap-y-1">
      {actionable > 0 && (
        <div>
          <ConfirmButton
            label={`Repair all ${kind}`}
            question={question}
            onConfirm={() => repair.mutate()}
            isLoading={repair.isPending}
            data-testid={`recon-repair-all-${kind}`}
          />
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
      <ErrorLine error={repair.error} size="small" testId={`recon-repair-all-error-${kind}`} />
    </div>
  )
}
