import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261122153921 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_customer_identity" drop constraint if exists "syncguard_customer_identity_connector_customer_id_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_connector_state" drop constraint if exists "syncguard_connector_state_connector_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_connector_state" ("id" text not null, "connector" text not null, "invoices_closed_at" timestamptz null, "invoices_closed_reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_connector_state_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_connector_state_connector_unique" ON "syncguard_connector_state" ("connector") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_connector_state_deleted_at" ON "syncguard_connector_state" ("deleted_at") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_customer_identity" ("id" text not null, "connector" text not null, "customer_id" text not null, "remote_customer_id" text not null, "source" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_customer_identity_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_customer_identity_deleted_at" ON "syncguard_customer_identity" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_customer_identity_connector_customer_id_unique" ON "syncguard_customer_identity" ("connector", "customer_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_customer_identity_connector_remote_customer_id" ON "syncguard_customer_identity" ("connector", "remote_customer_id") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_scope_violation" ("id" text not null, "connector" text not null, "customer_id" text not null, "query" text not null, "invoice_id" text not null, "reason" text not null, "count" integer not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_scope_violation_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_scope_violation_deleted_at" ON "syncguard_scope_violation" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_scope_violation_connector_created_at" ON "syncguard_scope_violation" ("connector", "created_at") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "syncguard_connector_state" cascade;`)

    this.addSql(`drop table if exists "syncguard_customer_identity" cascade;`)

    this.addSql(`drop table if exists "syncguard_scope_violation" cascade;`)
  }
}
