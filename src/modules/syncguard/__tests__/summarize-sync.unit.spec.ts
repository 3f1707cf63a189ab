import { summarizeEntitySync } from "../policies/summarize-sync"

const base = { remote_id: null, last_error: null, last_http_status: null, delivered_at: null, next_attempt_at: null }

describe("summarizeEntitySync", () => {
  it("should report each connector by its latest message and add up attempts", () => {
    const summary = summarizeEntitySync(
      ["erp", "crm"],
      [
        {
          ...base,
          id: "1",
          connector: "erp",
          operation: "order.create",
          status: "delivered",
          attempts: 3,
          remote_id: "R1",
          created_at: "2026-01-01",
        },
        {
          ...base,
          id: "2",
          connector: "erp",
          operation: "order.update",
          status: "retry_scheduled",
          attempts: 1,
          last_error: "x",
          created_at: "2026-01-02",
          next_attempt_at: "2026-01-03",
        },
      ]
    )
    expect(summary).toEqual([
      expect.objectContaining({
        connector: "erp",
        status: "retry_scheduled",
        attempts: 4,
        remote_id: "R1",
        last_error: "x",
        messages: 2,
      }),
      expect.objectContaining({ connector: "crm", status: "not_queued", attempts: 0, messages: 0 }),
    ])
  })

  it("should name the latest message and every dead one, for the widget's replay button", () => {
    const at = (d: string, id: string, status: string) => ({
      ...base,
      id,
      connector: "erp",
      operation: "order.update",
      status,
      attempts: 1,
      created_at: d,
    })
    const [erp] = summarizeEntitySync(
      ["erp"],
      [at("2026-01-01", "a", "dead"), at("2026-01-03", "c", "pending"), at("2026-01-02", "b", "dead")]
    )
    expect(erp.message_id).toBe("c")
    expect(erp.dead_message_ids.sort()).toEqual(["a", "b"])
    expect(summarizeEntitySync(["crm"], [])[0]).toMatchObject({ message_id: null, dead_message_ids: [] })
  })
})
