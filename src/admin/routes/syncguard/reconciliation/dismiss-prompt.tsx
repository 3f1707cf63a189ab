import { Input, Label, Prompt } from "@medusajs/ui"
import { useState } from "react"
import { dismissDescription } from "./describe"
import type { DriftFinding } from "./types"

type Props = {
  finding: DriftFinding
  open: boolean
  onOpenChange: (open: boolean) => void
  onConfirm: (reason: string | undefined) => void
}

/**
 * usePrompt has no field for the reason, so the dismissal gets this dialog: same title/description/
 * buttons as a usePrompt confirmation, plus an optional reason recorded on the finding.
 */
export const DismissPrompt = ({ finding, open, onOpenChange, onConfirm }: Props) => {
  const [reason, setReason] = useState("")
  const inputId = `recon-dismiss-reason-${finding.id}`

  return (
    <Prompt
      open={open}
      onOpenChange={(next) => {
        if (!next) setReason("")
        onOpenChange(next)
      }}
      variant="confirmation"
    >
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>Dismiss this finding?</Prompt.Title>
          <Prompt.Description>{dismissDescription(finding)}</Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-1 px-6 pb-4">
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
        </div>
        <Prompt.Footer>
          <Prompt.Cancel>Cancel</Prompt.Cancel>
          {/* the API takes no empty reason: blank means none */}
          <Prompt.Action onClick={() => onConfirm(reason.trim() || undefined)}>Dismiss</Prompt.Action>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
