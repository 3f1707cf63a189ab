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
})
