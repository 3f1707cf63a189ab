import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MarketplaceOrderLine } from "../modules/syncguard/connectors/contract"
import type { VariantMatch } from "./map-order"

type Container = Pick<MedusaContainer, "resolve">

/** The variants a marketplace order's lines name, by SKU (offer reference) or barcode (EAN). */
export async function variantsForLines(
  container: Container,
  lines: MarketplaceOrderLine[],
  match: "reference" | "ean"
): Promise<VariantMatch[]> {
  const keys = [...new Set(lines.map((l) => (match === "reference" ? l.reference : l.ean)).filter(Boolean))] as string[]
  if (!keys.length) return []
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "barcode", "title"],
    filters: match === "reference" ? { sku: keys } : { barcode: keys },
  })
  return data as VariantMatch[]
}

/** The configured region, else the first region in the marketplace's currency. */
export async function resolveRegion(
  container: Container,
  settings: { regionId?: string; currencyCode: string }
): Promise<string> {
  if (settings.regionId) return settings.regionId
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "region",
    fields: ["id"],
    filters: { currency_code: settings.currencyCode.toLowerCase() },
  })
  const id = (data[0] as { id?: string } | undefined)?.id
  if (!id) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `no region uses ${settings.currencyCode}: set orders.regionId on the marketplace connector`
    )
  }
  return id
}
