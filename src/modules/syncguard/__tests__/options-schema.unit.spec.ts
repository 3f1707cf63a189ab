import { parseSyncguardOptions } from "../utils/options-schema"

describe("parseSyncguardOptions", () => {
  it("should accept the documented shape and drop Medusa's injected database key", () => {
    const options = parseSyncguardOptions({
      database: { clientUrl: "postgres://secret" },
      connectors: { erp: { kind: "rest", baseUrl: "http://127.0.0.1:4010" } },
    })
    expect(options).not.toHaveProperty("database")
    expect(options.connectors?.erp.baseUrl).toBe("http://127.0.0.1:4010")
  })

  it("should name the field that is wrong", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp: { kind: "rest", baseUrl: "not a url" } } })).toThrow(
      /connectors\.erp\.baseUrl/
    )
    expect(() => parseSyncguardOptions({ connectors: { erp: { kind: "soap", baseUrl: "http://x" } } })).toThrow(
      /connectors\.erp\.kind/
    )
  })
})
