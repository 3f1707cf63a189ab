import type { MarketplaceOrder } from "../../modules/syncguard/connectors/contract"
import { MARKETPLACE_ORDER_KEY, toMedusaOrderInput } from "../map-order"

const order = (lines: Partial<MarketplaceOrder["lines"][number]>[]): MarketplaceOrder => ({
  remoteId: "A2K8290LP8",
  placedAt: "2026-12-01T10:00:00Z",
  email: "x@verkopen.bol.com",
  shippingAddress: {
    first_name: "Jan",
    last_name: "Jansen",
    company: null,
    address_1: "Dorpsstraat 1",
    address_2: null,
    city: "Utrecht",
    postal_code: "3511AA",
    country_code: "nl",
    phone: null,
  },
  billingAddress: null,
  lines: lines.map((l, i) => ({
    remoteLineId: String(1000 + i),
    reference: "SKU-1",
    ean: "8712345678901",
    title: "Shirt",
    quantity: 1,
    quantityCancelled: 0,
    unitPrice: 19.99,
    cancellationRequested: false,
    fulfilledByMarketplace: false,
    ...l,
  })),
})

const context = {
  connector: "bol",
  match: "reference" as const,
  variants: [{ id: "variant_1", sku: "SKU-1", barcode: "8712345678901", title: "Shirt M" }],
  regionId: "reg_1",
  salesChannelId: "sc_bol",
  currencyCode: "eur",
}

describe("toMedusaOrderInput", () => {
  it("maps lines to variants by reference, prices VAT-inclusive, tagged with the marketplace id", () => {
    const mapped = toMedusaOrderInput(order([{ quantity: 2 }]), context)
    expect(mapped.ok).toBe(true)
    if (!mapped.ok) return
    expect(mapped.input.items).toEqual([
      expect.objectContaining({ variant_id: "variant_1", quantity: 2, unit_price: 19.99, is_tax_inclusive: true }),
    ])
    expect(mapped.input.metadata[MARKETPLACE_ORDER_KEY]).toBe("A2K8290LP8")
    expect(mapped.input.sales_channel_id).toBe("sc_bol")
    expect(mapped.input.shipping_address).toEqual(expect.objectContaining({ city: "Utrecht", country_code: "nl" }))
    expect(mapped.units).toBe(2)
  })

  it("matches by EAN when configured, and leaves cancelled units out", () => {
    const mapped = toMedusaOrderInput(order([{ reference: "other", quantity: 3, quantityCancelled: 1 }]), {
      ...context,
      match: "ean",
    })
    expect(mapped.ok && mapped.input.items[0].quantity).toBe(2)
  })

  it("refuses an order with a line no variant matches, naming the line", () => {
    const mapped = toMedusaOrderInput(order([{}, { reference: "NOPE" }]), context)
    expect(mapped).toEqual({ ok: false, reason: expect.stringContaining("reference NOPE of line 1001") })
  })

  it("leaves out lines the marketplace ships from its own stock, and says so of an order made only of them", () => {
    const mixed = toMedusaOrderInput(order([{}, { fulfilledByMarketplace: true, quantity: 5 }]), context)
    expect(mixed.ok && mixed.units).toBe(1)
    expect(toMedusaOrderInput(order([{ fulfilledByMarketplace: true }]), context)).toMatchObject({
      ok: false,
      notOurs: true,
    })
  })

  it("refuses an order whose every line is cancelled", () => {
    expect(toMedusaOrderInput(order([{ quantityCancelled: 1 }]), context).ok).toBe(false)
  })
})

describe("isStockShortage", () => {
  // imported lazily: import-order pulls in Medusa workflows
  const { isStockShortage } = require("../import-order")
  const { MedusaError } = require("@medusajs/framework/utils")

  it("calls only a stock shortage an oversell, never a setup problem", () => {
    expect(
      isStockShortage(new MedusaError(MedusaError.Types.NOT_ALLOWED, "Not enough stock available for item x"))
    ).toBe(true)
    expect(
      isStockShortage(
        new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          "Some variant does not have the required inventory",
          MedusaError.Codes.INSUFFICIENT_INVENTORY
        )
      )
    ).toBe(true)
    expect(
      isStockShortage(
        new MedusaError(MedusaError.Types.INVALID_DATA, "Sales channel sc_1 is linked to no stock location")
      )
    ).toBe(false)
    expect(
      isStockShortage(
        new MedusaError(
          MedusaError.Types.INVALID_DATA,
          "Variant v does not have any inventory items associated with it."
        )
      )
    ).toBe(false)
    expect(isStockShortage(new Error("connect ECONNREFUSED"))).toBe(false)
  })
})
