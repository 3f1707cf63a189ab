import { traceparentFor } from "../policies/traceparent"

describe("traceparentFor", () => {
  it("should carry the correlation id as the trace id and a fresh span per attempt", () => {
    const a = traceparentFor("sgc_0123456789abcdef0123456789abcdef")
    const b = traceparentFor("sgc_0123456789abcdef0123456789abcdef")
    expect(a).toMatch(/^00-0123456789abcdef0123456789abcdef-[0-9a-f]{16}-01$/)
    expect(a.split("-")[2]).not.toBe(b.split("-")[2])
  })

  it("should stay valid W3C for odd correlation ids", () => {
    expect(traceparentFor("sgc_", "00f067aa0ba902b7")).toBe("00-00000000000000000000000000000001-00f067aa0ba902b7-01")
    expect(traceparentFor("custom-ABC", "00f067aa0ba902b7")).toMatch(/^00-[0-9a-f]{32}-00f067aa0ba902b7-01$/)
  })
})
