import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261207230835 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_marketplace_order" add column if not exists "placed_at" timestamptz null, add column if not exists "settled_at" timestamptz null;`
    )

    this.addSql(
      `alter table if exists "syncguard_stock_publication" add column if not exists "velocity_short_per_hour" real not null default 0, add column if not exists "import_lag_p95_ms" integer null;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_marketplace_order" drop column if exists "placed_at", drop column if exists "settled_at";`
    )

    this.addSql(
      `alter table if exists "syncguard_stock_publication" drop column if exists "velocity_short_per_hour", drop column if exists "import_lag_p95_ms";`
    )
  }
}
