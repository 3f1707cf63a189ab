import { classifyTrytonFailure } from "../classify"
import { rpcErrorFrom, TrytonRpcError, TrytonTransportError } from "../errors"
import { fromTrytonInvoice } from "../map-invoice"
import { toTrytonAddress, toTrytonParty, toTrytonSale } from "../map-sale"
import { fromBytes, fromDate, fromDecimal, toDecimal } from "../typed-json"

describe("Tryton typed JSON", () => {
  it("sends amounts as Decimal strings without float noise", () => {
    expect(toDecimal(0.1 + 0.2)).toEqual({ __class__: "Decimal", decimal: "0.3" })
    expect(toDecimal("15")).toEqual({ __class__: "Decimal", decimal: "15" })
    expect(() => toDecimal("abc")).toThrow("not a number")
  })

  it("reads Decimal, date, datetime and bytes", () => {
    expect(fromDecimal({ __class__: "Decimal", decimal: "19.80" })).toBe(19.8)
    expect(fromDecimal(false)).toBeNull()
    expect(fromDate({ __class__: "date", year: 2026, month: 3, day: 7 })).toBe("2026-03-07")
    expect(fromDate({ __class__: "datetime", year: 2026, month: 3, day: 7, hour: 9, minute: 5, second: 1 })).toBe("2026-03-07T09:05:01Z")
    expect(fromDate(null)).toBeNull()
    expect(fromBytes({ __class__: "bytes", base64: Buffer.from("PK").toString("base64") })?.toString()).toBe("PK")
    expect(fromBytes(42)).toBeNull()
  })
})

describe("Tryton errors", () => {
  it("keeps a UserError's message and description", () => {
    const error = rpcErrorFrom(["UserError", ["The code on party must be unique.", "Party X", null]], "model.party.party.create")
    expect(error).toBeInstanceOf(TrytonRpcError)
    expect(error.kind).toBe("UserError")
    expect(error.message).toBe("The code on party must be unique. Party X")
  })

  it("reads unexpected exceptions as server errors", () => {
    const error = rpcErrorFrom(['duplicate key value violates unique constraint "x"', ""], "m")
    expect(error.kind).toBe("server")
    expect(error.message).toContain("duplicate key")
  })

  it("reads Tryton's named exceptions that carry a plain message", () => {
    const error = rpcErrorFrom(["ConcurrencyException", "Records were modified in the meanwhile"], "model.sale.sale.write")
    expect(error.kind).toBe("ConcurrencyException")
    expect(classifyTrytonFailure(error)).toMatchObject({ outcome: "retryable", errorClass: "server_error" })
  })

  it("treats an answer that is not JSON-RPC as unknown: the call may have run", () => {
    expect(classifyTrytonFailure(new TrytonTransportError("x: answer is not JSON-RPC", 200, "ERR_BAD_RESPONSE"))).toMatchObject({
      outcome: "unknown",
    })
  })

  it("classifies: UserError permanent, other exceptions retryable, 401 auth, 429 backs off, transport by code", () => {
    const user = classifyTrytonFailure(new TrytonRpcError("UserError", "The sale needs an invoice address.", "", "model.sale.sale.quote"))
    expect(user).toMatchObject({ outcome: "permanent", errorClass: "client_error" })
    expect(user.message).toContain("The sale needs an invoice address.")
    expect(classifyTrytonFailure(new TrytonRpcError("ConcurrencyException", "x"))).toMatchObject({ outcome: "retryable" })
    expect(classifyTrytonFailure(new TrytonTransportError("login", 401))).toMatchObject({ outcome: "permanent", errorClass: "auth" })
    expect(classifyTrytonFailure(new TrytonTransportError("login", 429))).toMatchObject({
      outcome: "retryable",
      errorClass: "rate_limited",
      retryAfterMs: 60_000,
    })
    expect(classifyTrytonFailure(new TrytonTransportError("x", 429, undefined, 5000))).toMatchObject({ retryAfterMs: 5000 })
    expect(classifyTrytonFailure(new TrytonTransportError("x", undefined, "ECONNREFUSED"))).toMatchObject({ outcome: "retryable" })
    expect(classifyTrytonFailure(new TrytonTransportError("x", undefined, "ECONNRESET"))).toMatchObject({ outcome: "unknown" })
    expect(classifyTrytonFailure(new TrytonTransportError("x", undefined, "ECONNABORTED"))).toMatchObject({ outcome: "unknown", errorClass: "timeout" })
    expect(classifyTrytonFailure(new TrytonTransportError("x", 503))).toMatchObject({ outcome: "retryable", errorClass: "server_error" })
  })
})

describe("Medusa → Tryton mapping", () => {
  const order = {
    id: "order_1",
    display_id: 12,
    email: "ada@example.com",
    currency_code: "eur",
    customer_id: "cus_1",
    items: [
      { id: "i1", title: "Mug", variant_sku: "SKU-001", quantity: 2, unit_price: 15 },
      { id: "i2", product_title: "Cap", variant_sku: "SKU-003", quantity: { numeric: 1 }, unit_price: { numeric: 9.9 } },
    ],
    shipping_address: { first_name: "Ada", last_name: "Lovelace", address_1: "1 Way", address_2: "Flat 2", city: "London", postal_code: "N1", country_code: "gb" },
  }

  it("maps an order to a sale keyed by the order id, lines by SKU", () => {
    const sale = toTrytonSale(order)
    expect(sale.reference).toBe("order_1")
    expect(sale.currencyCode).toBe("EUR")
    expect(sale.party).toEqual({ code: "cus_1", name: "Ada Lovelace", email: "ada@example.com" })
    expect(sale.address).toEqual({ name: "Ada Lovelace", street: "1 Way\nFlat 2", city: "London", postal_code: "N1", country_code: "GB" })
    expect(sale.lines).toEqual([
      { sku: "SKU-001", description: "Mug", quantity: 2, unitPrice: 15 },
      { sku: "SKU-003", description: "Cap", quantity: 1, unitPrice: 9.9 },
    ])
  })

  it("refuses what Tryton cannot take, naming it", () => {
    expect(() => toTrytonSale({ ...order, items: [{ title: "Gift", quantity: 1, unit_price: 1 }] })).toThrow('Line "Gift" of order order_1 has no SKU')
    expect(() => toTrytonSale({ ...order, customer_id: null })).toThrow("has no customer")
    expect(() => toTrytonSale({ ...order, items: [] })).toThrow("has no lines")
  })

  it("maps customers to parties and ignores empty addresses", () => {
    expect(toTrytonParty({ id: "cus_2", email: "b@example.com", first_name: null, last_name: null })).toEqual({
      code: "cus_2",
      name: "b@example.com",
      fallbackName: "b@example.com",
      email: "b@example.com",
    })
    // names withheld (the ERP owns them): nothing to write; a new party is named by its email
    expect(toTrytonParty({ id: "cus_4", email: "d@example.com" })).toMatchObject({ name: null, fallbackName: "d@example.com" })
    expect(toTrytonParty({ id: "cus_3", first_name: "Bo", company_name: "Acme" }).name).toBe("Bo")
    expect(toTrytonAddress({ first_name: "x" })).toBeNull()
    expect(toTrytonSale({ ...order, items: [{ variant_sku: "S", quantity: 1, unit_price: 1, is_tax_inclusive: true }] }).lines[0].taxInclusive).toBe(true)
  })

  it("reads a Tryton invoice as the invoice API's RemoteInvoice, customer = party id", () => {
    expect(
      fromTrytonInvoice({
        id: 5,
        party: 2,
        "party.": { id: 2, email: "demo@example.com" },
        "currency.": { id: 1, code: "USD" },
        number: false,
        state: "draft",
        total_amount: { __class__: "Decimal", decimal: "20.00" },
        invoice_date: null,
      })
    ).toEqual({ id: "5", customer_id: "2", email: "demo@example.com", number: null, total: 20, currency_code: "usd", issued_at: null, status: "draft" })
  })
})
