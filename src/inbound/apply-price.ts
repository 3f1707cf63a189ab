import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { updateProductVariantsWorkflow } from "@medusajs/medusa/core-flows"
import { InboundNotApplicableError } from "../modules/syncguard/errors"
import type { InboundData } from "../modules/syncguard/inbound/profile"
import { promotionWindowOpen } from "../modules/syncguard/policies/ownership"
import type { InboundEventRow } from "../modules/syncguard/service"
import type { ApplyResult } from "./apply-result"
import { outcomeOf, planDetail, planWrites } from "./field-writes"
import { withWatermark } from "./watermark"

type PriceRow = {
  id: string
  amount: number
  currency_code: string
  min_quantity: number | null
  max_quantity: number | null
  price_list_id?: string | null
  price_list?: { id: string; status: string; starts_at: string | Date | null; ends_at: string | Date | null } | null
  price_rules?: Array<{ attribute: string; value: string }>
}

export type PriceTarget = {
  variant_id: string
  currency_code: string
  region: { id: string; name: string } | null
}

const rulesOf = (p: PriceRow) => Object.fromEntries((p.price_rules ?? []).map((r) => [r.attribute, r.value]))

/** The variant a price event names, and the region (by id or name, without case). */
export async function resolvePriceTarget(
  container: MedusaContainer,
  data: InboundData<"price.updated">
): Promise<PriceTarget> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: variants } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku"],
    filters: data.variant_id ? { id: data.variant_id } : { sku: data.sku },
  })
  const variant = variants[0] as { id: string } | undefined
  if (!variant) throw new Error(`no variant ${data.variant_id ?? `with SKU "${data.sku}"`}`)
  let region: PriceTarget["region"] = null
  if (data.region) {
    const regions = (await container.resolve(Modules.REGION).listRegions({}, { select: ["id", "name"] })) as Array<{
      id: string
      name: string
    }>
    region = regions.find((r) => r.id === data.region || r.name.toLowerCase() === data.region!.toLowerCase()) ?? null
    if (!region) throw new InboundNotApplicableError(`no region "${data.region}" (give a region id or name)`)
  }
  return { variant_id: variant.id, currency_code: data.currency_code, region }
}

/** Every price of the variant's price set (base prices and price lists'). */
async function pricesOf(
  container: MedusaContainer,
  variantId: string
): Promise<{ product_id: string; prices: PriceRow[] }> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "product_id", "price_set.id"],
    filters: { id: variantId },
  })
  const row = data[0] as { product_id: string; price_set?: { id: string } } | undefined
  if (!row?.price_set) throw new InboundNotApplicableError(`variant ${variantId} has no prices to update`)
  const prices = (await container
    .resolve(Modules.PRICING)
    .listPrices(
      { price_set_id: [row.price_set.id] },
      { relations: ["price_rules", "price_list"] }
    )) as unknown as PriceRow[]
  return { product_id: row.product_id, prices }
}

/** The base price this target means: its currency, and its region rule (or none). */
const matches = (p: PriceRow, t: PriceTarget) => {
  if (p.price_list_id || p.price_list || p.currency_code !== t.currency_code) return false
  const rules = rulesOf(p)
  return t.region ? rules.region_id === t.region.id && Object.keys(rules).length === 1 : Object.keys(rules).length === 0
}

/** Sets one base price, every other base price kept (Medusa's variant update replaces the whole set). */
export async function writePrice(container: MedusaContainer, target: PriceTarget, amount: number): Promise<void> {
  const { prices } = await pricesOf(container, target.variant_id)
  const base = prices.filter((p) => !p.price_list_id && !p.price_list)
  const existing = base.find((p) => matches(p, target))
  const next = base.map((p) => ({
    id: p.id,
    amount: p.id === existing?.id ? amount : Number(p.amount),
    currency_code: p.currency_code,
    rules: rulesOf(p),
    ...(p.min_quantity != null ? { min_quantity: Number(p.min_quantity) } : {}),
    ...(p.max_quantity != null ? { max_quantity: Number(p.max_quantity) } : {}),
  }))
  if (!existing) {
    next.push({
      amount,
      currency_code: target.currency_code,
      rules: target.region ? { region_id: target.region.id } : {},
    } as (typeof next)[number])
  }
  await updateProductVariantsWorkflow(container).run({
    input: { product_variants: [{ id: target.variant_id, prices: next }] },
  })
}

/**
 * `price.updated`: applied when the sender owns the price in that region and no promotion is
 * running for the variant (an active price list inside its starts_at–ends_at window holds the
 * price for Medusa); otherwise a conflict with both amounts.
 */
export async function applyPriceUpdated(
  container: MedusaContainer,
  event: InboundEventRow,
  data: InboundData<"price.updated">,
  version: number
): Promise<ApplyResult> {
  const target = await resolvePriceTarget(container, data)
  const subject = `price:${target.variant_id}:${target.currency_code}:${target.region?.id ?? "*"}`
  return withWatermark(container, event, subject, version, async () => {
    const { prices } = await pricesOf(container, target.variant_id)
    const current = prices.find((p) => matches(p, target))
    const lists = prices
      .filter((p) => p.price_list && p.currency_code === target.currency_code)
      .map((p) => p.price_list!)
    const writes = await planWrites(
      container,
      event,
      {
        entity_type: "price",
        entity_id: target.variant_id,
        region: target.region,
        promotion: promotionWindowOpen(lists),
      },
      [
        {
          field: "amount",
          incoming: { currency_code: target.currency_code, amount: data.amount },
          current: current ? { currency_code: target.currency_code, amount: Number(current.amount) } : null,
        },
      ]
    )
    if (writes.allowed.length) await writePrice(container, target, data.amount)
    return { outcome: outcomeOf(writes), detail: { ...planDetail(writes), variant_id: target.variant_id } }
  })
}
