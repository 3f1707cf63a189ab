import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261122155024 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_job_heartbeat" drop constraint if exists "syncguard_job_heartbeat_job_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_attempt_snapshot" ("id" text not null, "attempt_id" text not null, "message_id" text not null, "request" jsonb null, "response" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_attempt_snapshot_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_attempt_snapshot_deleted_at" ON "syncguard_attempt_snapshot" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_attempt_snapshot_attempt_id" ON "syncguard_attempt_snapshot" ("attempt_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_attempt_snapshot_message_id" ON "syncguard_attempt_snapshot" ("message_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_attempt_snapshot_created_at" ON "syncguard_attempt_snapshot" ("created_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_job_heartbeat" ("id" text not null, "job" text not null, "expected_interval_ms" integer not null, "last_started_at" timestamptz null, "last_finished_at" timestamptz null, "last_status" text null, "last_error" text null, "runs" integer not null default 0, "worker" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_job_heartbeat_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_job_heartbeat_job_unique" ON "syncguard_job_heartbeat" ("job") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_job_heartbeat_deleted_at" ON "syncguard_job_heartbeat" ("deleted_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_metric_sample" ("id" text not null, "connector" text not null, "sampled_at" timestamptz not null, "depth" jsonb not null, "oldest_pending_age_ms" numeric null, "lag_p50_ms" numeric null, "lag_p95_ms" numeric null, "attempts_since_last" integer not null default 0, "dead_depth" integer not null default 0, "raw_oldest_pending_age_ms" jsonb null, "raw_lag_p50_ms" jsonb null, "raw_lag_p95_ms" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_metric_sample_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_metric_sample_deleted_at" ON "syncguard_metric_sample" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_metric_sample_connector_sampled_at" ON "syncguard_metric_sample" ("connector", "sampled_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "syncguard_connector_state" add column if not exists "paused" boolean not null default false, add column if not exists "paused_reason" text null, add column if not exists "paused_at" timestamptz null;`
    )

    this.addSql(`alter table if exists "syncguard_outbox_message" add column if not exists "depends_on_id" text null;`)

    this.addSql(
      `alter table if exists "syncguard_delivery_attempt" add column if not exists "traceparent" text null, add column if not exists "verified_only" boolean not null default false;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "syncguard_attempt_snapshot" cascade;`)

    this.addSql(`drop table if exists "syncguard_job_heartbeat" cascade;`)

    this.addSql(`drop table if exists "syncguard_metric_sample" cascade;`)

    this.addSql(
      `alter table if exists "syncguard_connector_state" drop column if exists "paused", drop column if exists "paused_reason", drop column if exists "paused_at";`
    )

    this.addSql(`alter table if exists "syncguard_outbox_message" drop column if exists "depends_on_id";`)

    this.addSql(
      `alter table if exists "syncguard_delivery_attempt" drop column if exists "traceparent", drop column if exists "verified_only";`
    )
  }
}
