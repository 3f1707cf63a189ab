import { parseDeprecationHeaders, sunsetWithin } from "../deprecation-headers"
import { endpointTemplate } from "../record-notices"

describe("parseDeprecationHeaders", () => {
  it("reads RFC 9745 Deprecation (@epoch), RFC 8594 Sunset and Link rel=deprecation, any case", () => {
    expect(
      parseDeprecationHeaders({
        deprecation: "@1767225600",
        SUNSET: "Wed, 01 Apr 2026 00:00:00 GMT",
        Link: '<https://example.com/a>; rel="next", <https://api.bol.com/whats-new>; rel="deprecation"; type="text/html"',
      })
    ).toEqual({
      deprecation: "2026-01-01T00:00:00.000Z",
      sunset: "2026-04-01T00:00:00.000Z",
      link: "https://api.bol.com/whats-new",
    })
  })

  it("accepts the older forms (true, an HTTP date) and ignores what is absent or unreadable", () => {
    expect(parseDeprecationHeaders({ Deprecation: "true" })).toEqual({ deprecation: "true", sunset: null, link: null })
    expect(parseDeprecationHeaders({ deprecation: "Sun, 11 Nov 2018 23:59:59 GMT" })?.deprecation).toBe(
      "2018-11-11T23:59:59.000Z"
    )
    expect(parseDeprecationHeaders({ "content-type": "application/json" })).toBeNull()
    expect(parseDeprecationHeaders({ sunset: "soon", link: '<x>; rel="next"' })).toBeNull()
    expect(parseDeprecationHeaders(null)).toBeNull()
  })

  it("says whether a sunset is within the horizon (a past one too)", () => {
    const now = Date.parse("2026-12-01T00:00:00Z")
    expect(sunsetWithin("2027-01-15T00:00:00Z", 90, now)).toBe(true)
    expect(sunsetWithin("2027-06-01T00:00:00Z", 90, now)).toBe(false)
    expect(sunsetWithin("2026-01-01T00:00:00Z", 90, now)).toBe(true)
    expect(sunsetWithin(null, 90, now)).toBe(false)
  })

  it("names an endpoint by its template, ids replaced", () => {
    expect(endpointTemplate("put", "/retailer/offers/6ff736b5-cdd0-4150-8c67-78269ee986f5/stock")).toBe(
      "PUT /retailer/offers/{id}/stock"
    )
    expect(endpointTemplate("get", "http://x/orders/123?a=1")).toBe("GET /orders/{id}")
  })
})
