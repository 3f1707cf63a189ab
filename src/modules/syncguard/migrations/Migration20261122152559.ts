import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261122152559 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_outbox_message" drop constraint if exists "syncguard_outbox_message_connector_idempotency_key_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_outbox_message" ("id" text not null, "connector" text not null, "operation" text not null, "entity_type" text not null, "entity_id" text not null, "idempotency_key" text not null, "correlation_id" text not null, "status" text check ("status" in ('pending', 'in_flight', 'delivered', 'retry_scheduled', 'unknown', 'dead')) not null default 'pending', "attempts" integer not null default 0, "max_attempts" integer not null default 10, "next_attempt_at" timestamptz not null, "lease_owner" text null, "lease_expires_at" timestamptz null, "last_error" text null, "last_http_status" integer null, "remote_id" text null, "source_changed_at" timestamptz null, "delivered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_outbox_message_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_outbox_message_deleted_at" ON "syncguard_outbox_message" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_outbox_message_connector_idempotency_key_unique" ON "syncguard_outbox_message" ("connector", "idempotency_key") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_outbox_message_status_next_attempt_at" ON "syncguard_outbox_message" ("status", "next_attempt_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_outbox_message_entity_type_entity_id" ON "syncguard_outbox_message" ("entity_type", "entity_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_delivery_attempt" ("id" text not null, "message_id" text not null, "attempt_number" integer not null, "worker" text null, "started_at" timestamptz not null, "ended_at" timestamptz not null, "duration_ms" integer not null, "outcome" text not null, "http_status" integer null, "error_class" text null, "error_message" text null, "correlation_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_delivery_attempt_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_delivery_attempt_message_id" ON "syncguard_delivery_attempt" ("message_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_delivery_attempt_deleted_at" ON "syncguard_delivery_attempt" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_delivery_attempt_message_id_attempt_number" ON "syncguard_delivery_attempt" ("message_id", "attempt_number") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `alter table if exists "syncguard_delivery_attempt" add constraint "syncguard_delivery_attempt_message_id_foreign" foreign key ("message_id") references "syncguard_outbox_message" ("id") on update cascade on delete cascade;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_delivery_attempt" drop constraint if exists "syncguard_delivery_attempt_message_id_foreign";`
    )

    this.addSql(`drop table if exists "syncguard_outbox_message" cascade;`)

    this.addSql(`drop table if exists "syncguard_delivery_attempt" cascade;`)
  }
}
