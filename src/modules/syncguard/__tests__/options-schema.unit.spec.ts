import { parseSyncguardOptions } from "../config/options"

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
    expect(
      parseSyncguardOptions({
        connectors: {
          erp: { ...tryton, entities: ["order", "customer"], rateLimit: { requestsPerSecond: 0, maxInFlight: 0 } },
        },
      }).connectors?.erp.kind
    ).toBe("tryton")
  })

  it("names the missing field of a Tryton connector, and an unknown kind", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, database: undefined } } })).toThrow(
      "connectors.erp.database"
    )
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, kind: "odoo" } } })).toThrow(
      'kind must be "rest", "tryton" or "bol"'
    )
    // a JSON-RPC call is not idempotent: no in-call retries for Tryton
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...tryton, httpRetries: 2 } } })).toThrow("httpRetries")
  })
})

describe("defaults and cross-field rules", () => {
  const erp = { kind: "rest", baseUrl: "http://127.0.0.1:4010" }

  it("should state every default once and resolve each connector's policies", () => {
    const config = parseSyncguardOptions({
      retry: { maxAttempts: 4 },
      connectors: { erp: { ...erp, retry: { baseDelayMs: 50 } } },
    })
    expect(config).toMatchObject({ leaseMs: 60_000, batchSize: 50, concurrency: 4, fastPath: true })
    expect(config.snapshots).toEqual({ enabled: true, retentionHours: 72, redactKeys: [] })
    expect(config.schedules.sweepIntervalMs).toBe(5000)
    const c = config.connectors.erp
    expect(c).toMatchObject({ timeoutMs: 10_000, settleMs: 20_000, entities: ["order"] })
    expect(c.kind === "rest" && c.httpRetries).toBe(2)
    expect(c.retry).toEqual({ baseDelayMs: 50, maxDelayMs: 300_000, maxAttempts: 4 })
    expect(c.breaker.consecutiveFailures).toBe(10)
    expect(c.rateLimit).toMatchObject({ requestsPerSecond: 0, maxInFlight: 0, learn: true })
  })

  it("should refuse a lease that one request can outlast", () => {
    expect(() => parseSyncguardOptions({ leaseMs: 10_500, connectors: { erp } })).toThrow(
      /leaseMs .*connectors\.erp\.timeoutMs/
    )
    expect(() => parseSyncguardOptions({ leaseMs: 11_000, connectors: { erp } })).not.toThrow()
  })

  it("should refuse a settle window shorter than the request timeout", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...erp, timeoutMs: 5000, settleMs: 1000 } } })).toThrow(
      "connectors.erp.settleMs"
    )
  })

  it("should name an invoice connector that does not exist", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp }, invoices: { connector: "crm" } })).toThrow(
      'invoices.connector: no connector named "crm"'
    )
  })

  it("should refuse a retry cap below its base, globally or per connector", () => {
    expect(() => parseSyncguardOptions({ retry: { baseDelayMs: 5000, maxDelayMs: 10 } })).toThrow("retry.maxDelayMs")
    expect(() =>
      parseSyncguardOptions({
        retry: { maxDelayMs: 2000 },
        connectors: { erp: { ...erp, retry: { baseDelayMs: 5000 } } },
      })
    ).toThrow("connectors.erp.retry.maxDelayMs")
  })

  it("should refuse unknown keys, so a typo does not silently fall back to a default", () => {
    expect(() => parseSyncguardOptions({ connectors: { erp: { ...erp, timeoutMS: 5 } } })).toThrow(/timeoutMS/)
  })

  describe("bol connector", () => {
    const bol = { kind: "bol", baseUrl: "https://api.bol.com", clientId: "id", clientSecret: "secret" }

    it("fills bol's defaults: token URL, v11 offers and v10 elsewhere, match by reference, stock only", () => {
      const c = parseSyncguardOptions({ connectors: { bol } }).connectors.bol
      expect(c.kind).toBe("bol")
      if (c.kind !== "bol") return
      expect(c.tokenUrl).toBe("https://login.bol.com/token")
      expect(c.mediaTypes.offers).toBe("application/vnd.retailer.v11+json")
      expect(c.mediaTypes.orders).toBe("application/vnd.retailer.v10+json")
      expect(c.offerMatch).toBe("reference")
      expect(c.stockApi).toBe("v11")
      expect(c.entities).toEqual(["stock"])
      expect(c.buffer).toEqual(expect.objectContaining({ floor: 0, max: 50 }))
      expect(c.orders).toEqual(expect.objectContaining({ salesChannelName: "bol.com", changeIntervalMinutes: 10 }))
    })

    it("names what is wrong: missing credentials, a bad media type, an entity bol cannot take", () => {
      expect(() => parseSyncguardOptions({ connectors: { bol: { ...bol, clientSecret: "" } } })).toThrow(
        "connectors.bol.clientSecret"
      )
      expect(() =>
        parseSyncguardOptions({ connectors: { bol: { ...bol, mediaTypes: { offers: "application/json" } } } })
      ).toThrow("connectors.bol.mediaTypes.offers")
      expect(() => parseSyncguardOptions({ connectors: { bol: { ...bol, entities: ["order"] } } })).toThrow(
        'a bol connector takes "stock" only'
      )
      expect(() =>
        parseSyncguardOptions({ connectors: { bol: { ...bol, orders: { changeIntervalMinutes: 61 } } } })
      ).toThrow("connectors.bol.orders.changeIntervalMinutes")
    })
  })
})
