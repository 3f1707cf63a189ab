import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261202204150 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_reconciliation_run" drop constraint if exists "syncguard_reconciliation_run_running_key_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_drift_finding" ("id" text not null, "run_id" text not null, "connector" text not null, "entity_type" text not null, "kind" text not null, "entity_id" text not null, "remote_id" text null, "field" text null, "ours" jsonb null, "theirs" jsonb null, "status" text not null, "repair" text null, "repaired_by" text null, "repaired_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_drift_finding_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_drift_finding_deleted_at" ON "syncguard_drift_finding" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_drift_finding_run_id_kind" ON "syncguard_drift_finding" ("run_id", "kind") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_drift_finding_connector_entity_type_entity_id_status" ON "syncguard_drift_finding" ("connector", "entity_type", "entity_id", "status") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_reconciliation_remote_record" ("id" text not null, "run_id" text not null, "reference" text not null, "remote_id" text not null, "fields" jsonb null, "matched" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_reconciliation_remote_record_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_remote_record_deleted_at" ON "syncguard_reconciliation_remote_record" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_remote_record_run_id_reference" ON "syncguard_reconciliation_remote_record" ("run_id", "reference") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_remote_record_run_id_matched_id" ON "syncguard_reconciliation_remote_record" ("run_id", "matched", "id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_reconciliation_run" ("id" text not null, "connector" text not null, "entity_type" text not null, "dry_run" boolean not null default false, "trigger" text not null, "status" text not null, "window_from" timestamptz null, "window_to" timestamptz null, "cursor_before" timestamptz null, "cursor_after" timestamptz null, "checked" integer not null default 0, "missing" integer not null default 0, "mismatched" integer not null default 0, "duplicated" integer not null default 0, "orphaned" integer not null default 0, "repaired" integer not null default 0, "in_flight" integer not null default 0, "sent" integer not null default 0, "acknowledged" integer not null default 0, "confirmed" integer not null default 0, "remote_records" integer not null default 0, "started_at" timestamptz not null, "heartbeat_at" timestamptz not null, "finished_at" timestamptz null, "error" text null, "started_by" text null, "running_key" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_reconciliation_run_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_run_deleted_at" ON "syncguard_reconciliation_run" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_run_running_key_unique" ON "syncguard_reconciliation_run" ("running_key") WHERE running_key IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_reconciliation_run_connector_entity_type_status_finished_at" ON "syncguard_reconciliation_run" ("connector", "entity_type", "status", "finished_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "syncguard_drift_finding" cascade;`)

    this.addSql(`drop table if exists "syncguard_reconciliation_remote_record" cascade;`)

    this.addSql(`drop table if exists "syncguard_reconciliation_run" cascade;`)
  }
}
