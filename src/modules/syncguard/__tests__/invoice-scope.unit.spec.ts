import fc from "fast-check"
import { enforceInvoiceScope, RemoteInvoice } from "../policies/invoice-scope"

const ME = "cus_1"
// ids that a drifting filter confuses with ME: prefixes, case, whitespace, empty, missing
const customerIds = fc.constantFrom(
  ME,
  "cus_10",
  "cus_11",
  "CUS_1",
  " cus_1",
  "cus_1 ",
  "cus_",
  "",
  null,
  undefined,
  "cus_2"
)

const invoiceArb = fc.record({
  id: fc.stringMatching(/^inv_[0-9]{1,3}$/),
  customer_id: customerIds,
  email: fc.constantFrom("me@example.com", "ME@example.com", "other@example.com", null),
  status: fc.constantFrom("open", "paid", "void"),
}) as fc.Arbitrary<RemoteInvoice>

describe("enforceInvoiceScope", () => {
  it("should never let through an invoice that is not exactly the customer's (property)", () => {
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 60 }), fc.boolean(), (invoices, matchEmail) => {
        const { allowed, violations } = enforceInvoiceScope(
          invoices,
          { remoteCustomerId: ME, email: "me@example.com" },
          { matchEmail }
        )
        for (const invoice of allowed) {
          expect(invoice.customer_id).toBe(ME)
          if (matchEmail) expect(invoice.email?.toLowerCase()).toBe("me@example.com")
        }
        // nothing lost silently: every input is either the customer's (kept once) or a recorded violation
        const passes = invoices.filter(
          (i) => i.customer_id === ME && (!matchEmail || i.email?.toLowerCase() === "me@example.com")
        )
        const dropped = violations.reduce((n, v) => n + v.count, 0)
        expect(passes.length + dropped).toBe(invoices.length)
        expect(allowed.length).toBe(new Set(passes.map((i) => i.id)).size)
      }),
      { numRuns: 2000 }
    )
  })

  it("should keep every one of the customer's invoices once", () => {
    const mine = [
      { id: "a", customer_id: ME },
      { id: "b", customer_id: ME },
      { id: "a", customer_id: ME },
    ]
    expect(enforceInvoiceScope(mine, { remoteCustomerId: ME }).allowed.map((i) => i.id)).toEqual(["a", "b"])
  })

  it("should name each reason", () => {
    const { violations } = enforceInvoiceScope(
      [
        { id: "x", customer_id: "cus_10" },
        { id: "y" },
        { id: "z", customer_id: ME, email: "other@example.com" },
        { id: "w", customer_id: ME, email: null },
      ],
      { remoteCustomerId: ME, email: "me@example.com" },
      { matchEmail: true }
    )
    expect(violations.map((v) => [v.invoiceId, v.reason])).toEqual([
      ["x", "customer_mismatch"],
      ["y", "customer_missing"],
      ["z", "email_mismatch"],
      ["w", "email_missing"],
    ])
  })

  it("should refuse to run without the customer's remote id", () => {
    expect(() => enforceInvoiceScope([], { remoteCustomerId: "" })).toThrow(/remote id/)
  })
})
