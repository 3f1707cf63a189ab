import { Input, Label } from "@medusajs/ui"
import { useState } from "react"
import { ConfirmPrompt } from "../../../components/confirm-prompt"
import { dismissDescription } from "./describe"
import type { DriftFinding } from "./types"

type Props = {
  finding: DriftFinding
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (reason: string | undefined) => void
}

/** "Dismiss" with an optional reason, recorded on the finding. */
export const DismissPrompt = ({ finding, open, onOpenChange, onConfirm }: Props) => {
  const [reason, setReason] = useState("")
  const inputId = `recon-dismiss-reason-${finding.id}`

  return (
    <ConfirmPrompt
      open={open}
      onOpenChange={(next) => {
        if (!next) setReason("")
        onOpenChange(next)
      }}
      title="Dismiss this finding?"
      description={dismissDescription(finding)}
      confirmText="Dismiss"
      // the API takes no empty reason: blank means none
      onConfirm={() => onConfirm(reason.trim() || undefined)}
    >
      <Label size="small" htmlFor={inputId}>
        Reason (optional)
      </Label>
      <Input
        id={inputId}
        size="small"
        value={reason}
        maxLength={500}
        placeholder="e.g. duplicate removed in the ERP by hand"
        onChange={(e) => setReason(e.target.value)}
        data-testid={inputId}
      />
    </ConfirmPrompt>
  )
}
