// `medusa exec ./bench/tryton-seed.ts`: BENCH_N real orders in Medusa's order module for the
// Tryton benchmark (SKUs the Tryton set-up creates, 50 customers), with their outbox messages.
import type { ExecArgs } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { SYNCGUARD_MODULE } from "../src/modules/syncguard"
import type SyncguardModuleService from "../src/modules/syncguard/service"
import { enqueueOrderCreates } from "./lib/outbox-seed"

export default async function seedTrytonOrders({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_N || 1000)
  const tag = process.env.BENCH_TAG || "bench"
  const orders = container.resolve(Modules.ORDER)
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const batch = 250
  for (let start = 0; start < n; start += batch) {
    const created = await orders.createOrders(
      Array.from({ length: Math.min(batch, n - start) }, (_, k) => {
        const i = start + k
        return {
          currency_code: "usd",
          email: `buyer${i % 50}@syncguard.test`,
          customer_id: `cus_${tag}_${i % 50}`,
          shipping_address: {
            first_name: "Bench",
            last_name: `Buyer ${i % 50}`,
            address_1: `${i % 50} Ledger Lane`,
            city: "Springfield",
            postal_code: "12345",
            country_code: "us",
          },
          items: [
            { title: "T-Shirt", quantity: 1 + (i % 3), unit_price: 10, variant_sku: "SKU-001" },
            ...(i % 2 ? [{ title: "Hoodie", quantity: 1, unit_price: 25, variant_sku: "SKU-002" }] : []),
          ],
        }
      })
    )
    await enqueueOrderCreates(
      syncguard,
      created.map((o) => o.id)
    )
  }
}
