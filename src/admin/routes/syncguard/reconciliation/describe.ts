import { plural, type DriftFinding, type DriftKind, type RepairKindResult } from "./types"

/** What a repair of this finding will do (src/reconciliation/repair-finding.ts decides; this says it first). */
export function repairDescription(f: DriftFinding): string {
  const record = `${f.entity_type} ${f.entity_id}`
  if (f.kind === "duplicated" || f.kind === "orphaned") {
    const held =
      f.kind === "duplicated"
        ? `${record} more than once`
        : `${f.remote_id ?? "a record"} naming ${record}, which Medusa does not have`
    return (
      `${f.connector} holds ${held}. That is fixed in ${f.connector} by hand: the repair changes nothing and ` +
      `answers with what to do there.`
    )
  }
  if (f.entity_type === "inventory")
    return (
      `Repair the stock of SKU ${f.entity_id}: Medusa's stock is published to ${f.connector} again, or, ` +
      `when ${f.connector} owns inventory, its quantity (${String(f.theirs)}) is written into Medusa.`
    )
  if (f.kind === "missing")
    return (
      `Send ${record} to ${f.connector} again through the outbox (its dead letter is replayed if it has one; ` +
      `nothing is sent when a message about it is still on its way).`
    )
  return (
    `Repair ${record}'s ${f.field ?? "fields"}: the field's owner wins. Medusa's value is sent to ${f.connector} ` +
    `again, or, when ${f.connector} owns the field, its value is written into Medusa.`
  )
}

export function dismissDescription(f: DriftFinding): string {
  return (
    `Close this ${f.kind} finding about ${f.entity_type} ${f.entity_id} without repairing it. Nothing changes in ` +
    `Medusa or ${f.connector}; a later run reports it again if the drift is still there.`
  )
}

export function repairAllDescription(kind: DriftKind, count: number, connector: string): string {
  const what = `Repair ${plural(count, `${kind} finding`)} of this run (open or failed before), one by one; each outcome is recorded on its finding.`
  return kind === "duplicated" || kind === "orphaned"
    ? `${what} ${kind[0].toUpperCase()}${kind.slice(1)} records are fixed in ${connector} by hand, so these are left open with the reason.`
    : `${what} This writes to ${connector} or to Medusa, whichever side the repair corrects.`
}

export const repairSummary = (r: RepairKindResult) =>
  `Repaired ${r.repaired} · failed ${r.failed} · not repairable ${r.not_repairable}`
