/** The REST profile's paths, relative to baseUrl; `{external_id}`, `{sku}` and `{id}` are substituted. */
export type RestPaths = {
  createOrder: string
  updateOrder: string
  findOrders: string
  customers: string
  findCustomers: string
  inventory: string
  invoices: string
  invoice: string
  invoicePdf: string
}

/** The default REST profile (README, "REST profile"). Paths are relative to baseUrl. */
export const DEFAULT_REST_PATHS: RestPaths = {
  createOrder: "/orders",
  updateOrder: "/orders/external/{external_id}",
  findOrders: "/orders",
  customers: "/customers/{external_id}",
  findCustomers: "/customers",
  inventory: "/inventory",
  invoices: "/invoices",
  invoice: "/invoices/{id}",
  invoicePdf: "/invoices/{id}/pdf",
}

export function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([\w-]+)\}/g, (_, key: string) => {
    const value = values[key]
    if (value === undefined) {
      throw new Error(`Path template "${template}" needs "${key}"`)
    }
    return encodeURIComponent(value)
  })
}
