import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261201110450 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_outbox_message" add column if not exists "settle_until" timestamptz null;`
    )
    this.addSql(`alter table if exists "syncguard_outbox_message" alter column "max_attempts" drop default;`)
    this.addSql(
      `alter table if exists "syncguard_outbox_message" alter column "max_attempts" type integer using ("max_attempts"::integer);`
    )

    this.addSql(
      `alter table if exists "syncguard_delivery_attempt" add column if not exists "resent_after_lookup" boolean not null default false;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "syncguard_outbox_message" drop column if exists "settle_until";`)

    this.addSql(
      `alter table if exists "syncguard_outbox_message" alter column "max_attempts" type integer using ("max_attempts"::integer);`
    )
    this.addSql(`alter table if exists "syncguard_outbox_message" alter column "max_attempts" set default 10;`)

    this.addSql(`alter table if exists "syncguard_delivery_attempt" drop column if exists "resent_after_lookup";`)
  }
}
