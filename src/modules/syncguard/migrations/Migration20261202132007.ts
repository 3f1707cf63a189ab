import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261202132007 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_stock_publication" drop constraint if exists "syncguard_stock_publication_connector_variant_id_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_marketplace_order" drop constraint if exists "syncguard_marketplace_order_connector_remote_order_id_unique";`
    )
    this.addSql(
      `alter table if exists "syncguard_api_deprecation" drop constraint if exists "syncguard_api_deprecation_connector_endpoint_media_type_unique";`
    )
    this.addSql(
      `create table if not exists "syncguard_api_deprecation" ("id" text not null, "connector" text not null, "endpoint" text not null, "media_type" text not null default '', "deprecation" text null, "sunset_at" timestamptz null, "link" text null, "first_seen_at" timestamptz not null, "last_seen_at" timestamptz not null, "alerted_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_api_deprecation_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_api_deprecation_deleted_at" ON "syncguard_api_deprecation" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_api_deprecation_connector_endpoint_media_type_unique" ON "syncguard_api_deprecation" ("connector", "endpoint", "media_type") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_marketplace_order" ("id" text not null, "connector" text not null, "remote_order_id" text not null, "status" text not null, "medusa_order_id" text null, "claim_owner" text null, "claim_expires_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "oversold_units" integer not null default 0, "remote_changed_at" timestamptz null, "cancellation_confirmed_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_marketplace_order_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_marketplace_order_deleted_at" ON "syncguard_marketplace_order" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_marketplace_order_connector_remote_order_id_unique" ON "syncguard_marketplace_order" ("connector", "remote_order_id") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_marketplace_order_status" ON "syncguard_marketplace_order" ("status") WHERE deleted_at IS NULL;`
    )

    this.addSql(
      `create table if not exists "syncguard_stock_publication" ("id" text not null, "connector" text not null, "variant_id" text not null, "sku" text null, "available" integer not null default 0, "velocity_per_hour" real not null default 0, "lag_p95_ms" integer null, "buffer_computed" integer not null default 0, "buffer_override" integer null, "buffer" integer not null default 0, "low_stock" boolean not null default false, "computed_at" timestamptz null, "sending_amount" integer null, "published_amount" integer null, "published_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "syncguard_stock_publication_pkey" primary key ("id"));`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_syncguard_stock_publication_deleted_at" ON "syncguard_stock_publication" ("deleted_at") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE UNIQUE INDEX IF NOT EXISTS "IDX_syncguard_stock_publication_connector_variant_id_unique" ON "syncguard_stock_publication" ("connector", "variant_id") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "syncguard_api_deprecation" cascade;`)

    this.addSql(`drop table if exists "syncguard_marketplace_order" cascade;`)

    this.addSql(`drop table if exists "syncguard_stock_publication" cascade;`)
  }
}
