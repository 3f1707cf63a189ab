import { changedParts, currentStatusValue, incomingStatus, OrderRow, statusDataOf } from "../order-status-state"

const order = (extra: Partial<OrderRow> = {}): OrderRow => ({
  id: "order_1",
  status: "pending",
  metadata: null,
  items: [{ id: "item_1", detail: { quantity: 1, fulfilled_quantity: 1 } }],
  fulfillments: [],
  ...extra,
})
const shipped = (labels: Array<{ tracking_number: string; tracking_url: string | null }>) => ({
  id: `ful_${Math.random()}`,
  shipped_at: "2026-11-22T10:00:00Z",
  canceled_at: null,
  labels,
})

describe("an order status as inbound events compare it", () => {
  it("is the status alone when the event carries nothing else", () => {
    const data = { order_id: "order_1", status: "canceled" as const, sequence: 1 }
    expect(incomingStatus(data)).toBe("canceled")
    expect(currentStatusValue(order(), data)).toBe("pending")
  })

  it("a re-issued invoice differs from the one Medusa has; the same invoice written again does not", () => {
    const invoiced = order({
      metadata: { erp_invoice_number: "INV-1", erp_invoiced_at: "2026-11-22T10:00:00Z" },
    })
    const same = {
      order_id: "order_1",
      status: "invoiced" as const,
      invoice_number: "INV-1",
      changed_at: "2026-11-22T11:00:00+01:00",
    }
    // the same instant in another offset is the same date
    expect(currentStatusValue(invoiced, same)).toEqual(incomingStatus(same))
    const corrected = { ...same, invoice_number: "INV-1-C" }
    expect(incomingStatus(corrected)).toEqual({
      status: "invoiced",
      invoice_number: "INV-1-C",
      invoiced_at: same.changed_at,
    })
    expect(changedParts(incomingStatus(corrected), currentStatusValue(invoiced, corrected))).toEqual({
      changed: ["invoice_number"],
    })
    // nothing but the status, on an invoiced order: unchanged
    const bare = { order_id: "order_1", status: "invoiced" as const, sequence: 9 }
    expect(currentStatusValue(invoiced, bare)).toBe(incomingStatus(bare))
  })

  it("a new tracking number differs from the shipments' labels; the same one does not", () => {
    const url = "https://t.example/1"
    const one = order({ status: "pending", fulfillments: [shipped([{ tracking_number: "T1", tracking_url: url }])] })
    const again = { order_id: "order_1", status: "shipped" as const, tracking_number: "T1", tracking_url: url }
    expect(currentStatusValue(one, again)).toEqual(incomingStatus(again))
    const next = { ...again, tracking_number: "T2", tracking_url: "https://t.example/2" }
    expect(changedParts(incomingStatus(next), currentStatusValue(one, next))).toEqual({
      changed: ["tracking_number", "tracking_url"],
    })
    // shipments under different numbers are not one tracking: any number is a change
    const two = order({
      fulfillments: [
        shipped([{ tracking_number: "T1", tracking_url: null }]),
        shipped([{ tracking_number: "T2", tracking_url: null }]),
      ],
    })
    expect(
      changedParts(
        incomingStatus({ ...again, tracking_url: undefined }),
        currentStatusValue(two, { ...again, tracking_url: undefined })
      )
    ).toEqual({
      changed: ["tracking_number"],
    })
  })

  it("a held write (a conflict's incoming value) turns back into the event's data", () => {
    expect(statusDataOf("order_1", "canceled")).toEqual({ order_id: "order_1", status: "canceled" })
    const data = {
      order_id: "order_1",
      status: "invoiced" as const,
      invoice_number: "INV-2",
      changed_at: "2026-11-23T09:00:00Z",
    }
    expect(statusDataOf("order_1", incomingStatus(data))).toEqual(data)
    const ship = { order_id: "order_1", status: "shipped" as const, tracking_number: "T2" }
    expect(statusDataOf("order_1", incomingStatus(ship))).toEqual(ship)
  })
})
