import { REDACTED, redact, redactHeaders, redactSettings } from "../policies/redact"

describe("redact", () => {
  it("should replace secret keys at any depth, ignoring case and separators", () => {
    const out = redact({ a: 1, Password: "x", nested: { "API-Key": "k", list: [{ token: "t", ok: true }] } }, [
      "password",
      "api_key",
      "token",
    ])
    expect(out).toEqual({
      a: 1,
      Password: REDACTED,
      nested: { "API-Key": REDACTED, list: [{ token: REDACTED, ok: true }] },
    })
  })

  it("should not touch the input", () => {
    const input = { secret: "s" }
    redact(input, ["secret"])
    expect(input.secret).toBe("s")
  })

  it("should survive cycles", () => {
    const a: any = { name: "a" }
    a.self = a
    expect(redact(a, [])).toEqual({ name: "a", self: "[circular]" })
  })
})

describe("redactHeaders", () => {
  it("should always redact authorization and cookies, plus configured keys", () => {
    expect(
      redactHeaders({ Authorization: "Bearer x", Cookie: "c", "X-Erp-Secret": "s", "Idempotency-Key": "k" }, [
        "x-erp-secret",
      ])
    ).toEqual({ authorization: REDACTED, cookie: REDACTED, "x-erp-secret": REDACTED, "idempotency-key": "k" })
  })
})

describe("redactSettings", () => {
  it("hides credentials in connector options and URLs, and keeps everything else", () => {
    const shown = redactSettings({
      kind: "bol",
      baseUrl: "https://api.bol.com",
      tokenUrl: "https://client:s3cret@login.bol.com/token",
      clientId: "abc",
      clientSecret: "very-secret",
      password: "pw",
      authHeader: { name: "Authorization", value: "Bearer xyz" },
      webhooks: { secrets: ["whsec_1", "whsec_2"] },
      rateLimit: { requestsPerSecond: 5 },
    }) as Record<string, any>
    expect(shown).toEqual({
      kind: "bol",
      baseUrl: "https://api.bol.com",
      tokenUrl: `https://${REDACTED}@login.bol.com/token`,
      clientId: "abc",
      clientSecret: REDACTED,
      password: REDACTED,
      authHeader: REDACTED,
      webhooks: { secrets: REDACTED },
      rateLimit: { requestsPerSecond: 5 },
    })
    expect(JSON.stringify(shown)).not.toMatch(/very-secret|s3cret|xyz|whsec_/)
  })
})
