import type { FieldConflict } from "./types"

/** One line for a prompt's description, cut so a large address does not swamp the dialog. */
function inlineValue(value: unknown, max = 160): string {
  const text = JSON.stringify(value ?? null)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** "customer cus_01 · phone (region eu): ours "+1…", incoming "+2…"." — the first line of every prompt. */
export function conflictSummary(c: FieldConflict): string {
  const region = c.region ? ` (region ${c.region})` : ""
  return `${c.entity_type} ${c.entity_id} · ${c.field}${region}: ours ${inlineValue(c.current_value)}, incoming ${inlineValue(c.incoming_value)}.`
}

export function acceptDescription(c: FieldConflict): string {
  return (
    `${conflictSummary(c)} ${c.sender}'s value is written into Medusa through Medusa's workflows and the conflict ` +
    `closes as accepted. The ownership map does not change: ${c.owner} still owns ${c.field}.`
  )
}

export function keepDescription(c: FieldConflict, resend: boolean): string {
  const outcome = resend
    ? `Medusa's value stays and is sent to ${c.sender} again as a new outbox message`
    : `Medusa's value stays, ${c.sender}'s value is discarded and nothing is sent to ${c.sender}`
  return `${conflictSummary(c)} ${outcome}; the conflict closes as kept.`
}

/** Re-sending ours exists only for customers, and only when the sender takes customer updates (inbound/resolve-conflict.ts). */
export const canResend = (c: FieldConflict) => c.entity_type === "customer"
