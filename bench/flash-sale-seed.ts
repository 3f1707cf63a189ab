// `medusa exec ./bench/flash-sale-seed.ts`: a flash sale's backlog. BENCH_N real orders in
// Medusa's order module, and the outbox messages order.placed would have written for them.
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../src/modules/syncguard"
import type SyncguardModuleService from "../src/modules/syncguard/service"
import { enqueueOrderCreates } from "./lib/outbox-seed"

export default async function seedFlashSale({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_N || 10_000)
  const orders = container.resolve(Modules.ORDER)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const batch = 250
  for (let start = 0; start < n; start += batch) {
    const created = await orders.createOrders(
      Array.from({ length: Math.min(batch, n - start) }, (_, i) => ({
        currency_code: "usd",
        email: `flash${start + i}@syncguard.test`,
        shipping_address: {
          first_name: "Flash",
          last_name: `Buyer ${start + i}`,
          city: "Springfield",
          country_code: "us",
        },
        items: [{ title: "Flash mug", quantity: 1 + ((start + i) % 3), unit_price: 1500, variant_sku: "SG-FLASH-MUG" }],
      }))
    )
    await enqueueOrderCreates(
      syncguard,
      created.map((o) => o.id)
    )
  }
}
