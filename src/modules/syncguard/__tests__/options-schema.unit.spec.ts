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

describe("tryton connector options", () => {
  const tryton = { kind: "tryton", url: "http://127.0.0.1:8000", database: "shop", login: "medusa", password: "pw" }

  it("accepts a Tryton connector", () => {
    expect(parseSyncguardOptions({ connectors: { erp: { ...tryton, entities: ["order", "customer"], rateLimit: { requestsPerSecond: 0, maxInFlight: 0 } } } }).connectors?.erp.kind).toBe("tryton")
  })

  it("names the missing field of a Tryton connector, and an unknown kind", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, database: undefined } } })).toThrow("connectors.erp.database")
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, kind: "odoo" } } })).toThrow('kind must be "rest" or "tryton"')
    // a JSON-RPC call is not idempotent: no in-call retries for Tryton
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, httpRetries: 2 } } })).toThrow("httpRetries")
  })
})
