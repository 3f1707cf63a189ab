import { useState } from "react"
import { DecisionButtons } from "../../../components/decision-buttons"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk } from "../../../lib/sdk"
import { repairDescription } from "./describe"
import { DismissPrompt } from "./dismiss-prompt"
import { isActionable, type DriftFinding } from "./types"

const FINDINGS = "/admin/syncguard/reconciliation/findings"

type Decision = { action: "repair" } | { action: "dismiss"; reason?: string }

/**
 * Repair or dismiss one finding, each confirmed first. A refusal (409: not repairable here, or
 * already decided; 502: the remote failed, recorded on the finding as repair_failed) stays under
 * the buttons as the API worded it.
 */
export const FindingActions = ({ finding }: { finding: DriftFinding }) => {
  const [dismissOpen, setDismissOpen] = useState(false)

  const decide = useSyncguardMutation({
    mutationFn: (d: Decision) =>
      sdk.client.fetch<{ finding: DriftFinding }>(`${FINDINGS}/${encodeURIComponent(finding.id)}/${d.action}`, {
        method: "POST",
        body: d.action === "dismiss" && d.reason ? { reason: d.reason } : {},
      }),
    success: ({ finding: settled }, d) =>
      `${d.action === "repair" ? "Repaired" : "Dismissed"} ${finding.entity_id}${settled.repair ? `: ${settled.repair}` : ""}`,
  })

  if (!isActionable(finding.status)) return null

  return (
    <DecisionButtons
      decisions={[
        {
          key: "repair",
          label: "Repair",
          testId: `recon-repair-${finding.id}`,
          question: () => ({
            title: `Repair this ${finding.kind} ${finding.entity_type}?`,
            description: repairDescription(finding),
            variant: "confirmation",
          }),
          act: () => decide.mutate({ action: "repair" }),
        },
        {
          key: "dismiss",
          label: "Dismiss",
          testId: `recon-dismiss-${finding.id}`,
          variant: "transparent",
          question: null,
          act: () => setDismissOpen(true),
        },
      ]}
      pending={decide.isPending ? (decide.variables?.action ?? "") : null}
      error={decide.error}
      errorTestId={`recon-finding-error-${finding.id}`}
      errorClassName="max-w-[280px] whitespace-normal text-right"
    >
      <DismissPrompt
        finding={finding}
        open={dismissOpen}
        onOpenChange={setDismissOpen}
        onConfirm={(reason) => decide.mutate({ action: "dismiss", reason })}
      />
    </DecisionButtons>
  )
}
