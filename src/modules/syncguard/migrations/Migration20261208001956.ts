import { Migration } from "@medusajs/framework/mikro-orm/migrations"

export class Migration20261208001956 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table if exists "syncguard_stock_publication" add column if not exists "attempted_amount" integer null;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "syncguard_stock_publication" drop column if exists "attempted_amount";`)
  }
}
