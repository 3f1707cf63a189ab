import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261202170050 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_ownership_rule" drop constraint if exists "syncguard_ownership_rule_rule_key_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_inbound_watermark" drop constraint if exists "syncguard_inbound_watermark_connector_subject_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_inbound_operation" drop constraint if exists "syncguard_inbound_operation_connector_operation_id_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_inbound_event" drop constraint if exists "syncguard_inbound_event_connector_event_id_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_field_conflict" drop constraint if exists "syncguard_field_conflict_open_key_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_field_conflict" ("id" text not null, "entity_type" text not null, "entity_id" text not null, "field" text not null, "region" text null, "incoming_value" jsonb null, "current_value" jsonb null, "owner" text not null, "sender" text not null, "event_id" text not null, "reason" text not null, "status" text not null, "occurrences" integer not null default 1, "open_key" text null, "decided_by" text null, "decided_at" timestamptz null, "resent" boolean not null default false, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_field_conflict_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_field_conflict_deleted_at" ON "syncguard_field_conflict" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_field_conflict_open_key_unique" ON "syncguard_field_conflict" ("open_key") WHERE open_key IS NOT NULL AND deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_field_conflict_status_entity_type" ON "syncguard_field_conflict" ("status", "entity_type") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_inbound_event" ("id" text not null, "connector" text not null, "event_id" text not null, "type" text not null, "payload" jsonb not null, "version" text null, "status" text check ("status" in ('received', 'applying', 'applied', 'retry_scheduled', 'dead')) not null default 'received', "outcome" text null, "detail" jsonb null, "attempts" integer not null default 0, "max_attempts" integer not null, "next_attempt_at" timestamptz not null, "lease_owner" text null, "lease_expires_at" timestamptz null, "last_error" text null, "correlation_id" text not null, "received_at" timestamptz not null, "applied_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_inbound_event_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_inbound_event_deleted_at" ON "syncguard_inbound_event" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_inbound_event_connector_event_id_unique" ON "syncguard_inbound_event" ("connector", "event_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_inbound_event_status_next_attempt_at" ON "syncguard_inbound_event" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_inbound_operation" ("id" text not null, "connector" text not null, "operation_id" text not null, "subject" text not null, "delta" integer not null, "version" text null, "status" text not null, "stocked_before" integer null, "event_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_inbound_operation_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_inbound_operation_deleted_at" ON "syncguard_inbound_operation" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_inbound_operation_connector_operation_id_unique" ON "syncguard_inbound_operation" ("connector", "operation_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_inbound_operation_connector_subject" ON "syncguard_inbound_operation" ("connector", "subject") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_inbound_watermark" ("id" text not null, "connector" text not null, "subject" text not null, "version" text not null, "event_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_inbound_watermark_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_inbound_watermark_deleted_at" ON "syncguard_inbound_watermark" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_inbound_watermark_connector_subject_unique" ON "syncguard_inbound_watermark" ("connector", "subject") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_ownership_rule" ("id" text not null, "entity_type" text not null, "field" text null, "region" text null, "owner" text not null, "rule_key" text not null, "updated_by" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_ownership_rule_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_ownership_rule_deleted_at" ON "syncguard_ownership_rule" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_ownership_rule_rule_key_unique" ON "syncguard_ownership_rule" ("rule_key") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "syncguard_field_conflict" cascade;`)

    this.addSql(`drop table if exists "syncguard_inbound_event" cascade;`)

    this.addSql(`drop table if exists "syncguard_inbound_operation" cascade;`)

    this.addSql(`drop table if exists "syncguard_inbound_watermark" cascade;`)

    this.addSql(`drop table if exists "syncguard_ownership_rule" cascade;`)
  }
}
