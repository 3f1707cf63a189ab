import { Button, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useState } from "react"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { repairDescription } from "./describe"
import { DismissPrompt } from "./dismiss-prompt"
import { isActionable, type DriftFinding } from "./types"

const FINDINGS = "/admin/syncguard/reconciliation/findings"

type Decision = { action: "repair" } | { action: "dismiss"; reason?: string }

/**
 * Repair or dismiss one finding, each confirmed first. A refusal (409: not repairable here, or
 * already decided; 502: the remote failed) stays under the buttons as the API worded it.
 */
export const FindingActions = ({ finding }: { finding: DriftFinding }) => {
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const [dismissOpen, setDismissOpen] = useState(false)

  const decide = useMutation({
    mutationFn: (d: Decision) =>
      sdk.client.fetch<{ finding: DriftFinding }>(`${FINDINGS}/${encodeURIComponent(finding.id)}/${d.action}`, {
        method: "POST",
        body: d.action === "dismiss" && d.reason ? { reason: d.reason } : {},
      }),
    onSuccess: ({ finding: settled }, d) => {
      const note = settled.repair ? `: ${settled.repair}` : ""
      toast.success(`${d.action === "repair" ? "Repaired" : "Dismissed"} ${finding.entity_id}${note}`)
    },
    onError: (e) => toast.error(errorMessage(e)),
    // a 502 is recorded on the finding (repair_failed): refresh either way
    onSettled: () => queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] }),
  })

  if (!isActionable(finding.status)) return null

  const onRepair = async () => {
    const ok = await prompt({
      title: `Repair this ${finding.kind} ${finding.entity_type}?`,
      description: repairDescription(finding),
      confirmText: "Repair",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (ok) decide.mutate({ action: "repair" })
  }

  return (
    <div className="flex flex-col items-end gap-y-1">
      <div className="flex gap-x-2">
        <Button
          size="small"
          variant="secondary"
          onClick={onRepair}
          isLoading={decide.isPending && decide.variables?.action === "repair"}
          disabled={decide.isPending}
          data-testid={`recon-repair-${finding.id}`}
        >
          Repair
        </Button>
        <Button
          size="small"
          variant="transparent"
          onClick={() => setDismissOpen(true)}
          isLoading={decide.isPending && decide.variables?.action === "dismiss"}
          disabled={decide.isPending}
          data-testid={`recon-dismiss-${finding.id}`}
        >
          Dismiss
        </Button>
      </div>
      {decide.isError && (
        <Text
          size="xsmall"
          className="text-ui-fg-error max-w-[280px] whitespace-normal break-words text-right"
          data-testid={`recon-finding-error-${finding.id}`}
        >
          {errorMessage(decide.error)}
        </Text>
      )}
      <DismissPrompt
        finding={finding}
        open={dismissOpen}
        onOpenChange={setDismissOpen}
        onConfirm={(reason) => decide.mutate({ action: "dismiss", reason })}
      />
    </div>
  )
}
