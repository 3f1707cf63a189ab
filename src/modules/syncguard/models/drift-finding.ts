import { model } from "@medusajs/framework/utils"

/**
 * One disagreement a reconciliation run found: a record missing on the remote, a field that
 * differs, one of our records held twice by the remote, or a remote record naming something
 * Medusa does not have. Repairs are recorded on the finding.
 */
const DriftFinding = model
  .define("syncguard_drift_finding", {
    id: model.id({ prefix: "sgdf" }).primaryKey(),
    run_id: model.text(),
    connector: model.text(),
    entity_type: model.text(),
    // missing | mismatched | duplicated | orphaned
    kind: model.text(),
    entity_id: model.text(),
    remote_id: model.text().nullable(),
    field: model.text().nullable(),
    ours: model.json().nullable(),
    theirs: model.json().nullable(),
    // open | repaired | repair_failed | dismissed | superseded (reconciliation/states.ts)
    status: model.text(),
    repair: model.text().nullable(),
    repaired_by: model.text().nullable(),
    repaired_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["run_id", "kind"] }, { on: ["connector", "entity_type", "entity_id", "status"] }])

export default DriftFinding
