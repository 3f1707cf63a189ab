import { MedusaError } from "@medusajs/framework/utils"
import {
  CapabilityMissingError,
  ConnectorNotFoundError,
  InvoicesClosedError,
  LeaseLostError,
  UpstreamError,
} from "../../modules/syncguard/errors"
import { answerDomainErrors, domainErrorAnswer, malformedRequestAnswer } from "../errors"

const REMOTE_BODY = '<html>502 Bad Gateway nginx secret-upstream-host:8443 {"token":"abc"}</html>'

function fakeResponse() {
  const res: any = { statusCode: 200, body: undefined }
  res.status = (code: number) => ((res.statusCode = code), res)
  res.json = (body: unknown) => ((res.body = body), res)
  return res
}

function fakeRequest(logged: string[]) {
  const logger = { warn: (m: string) => logged.push(m), info: (m: string) => logged.push(m) }
  return { method: "GET", path: "/admin/syncguard/connectors/erp/stock", scope: { resolve: () => logger } } as any
}

describe("domainErrorAnswer", () => {
  it("should answer an unknown connector with 404 naming the known ones", () => {
    expect(domainErrorAnswer(new ConnectorNotFoundError("nope", ["erp", "crm"]))).toEqual({
      status: 404,
      body: { type: "not_found", message: 'Connector "nope" is not configured; known connectors: erp, crm' },
    })
  })

  it("should answer a missing capability with 400 not_allowed", () => {
    expect(domainErrorAnswer(new CapabilityMissingError("erp", "read stock levels"))).toEqual({
      status: 400,
      body: { type: "not_allowed", message: 'Connector "erp" cannot read stock levels' },
    })
  })

  it("should answer an upstream failure with 502 and never the remote's answer", () => {
    const admin = domainErrorAnswer(new UpstreamError("erp", `stock read failed: ${REMOTE_BODY}`, 502))!
    expect(admin).toEqual({
      status: 502,
      body: {
        type: "upstream_unavailable",
        message: 'Connector "erp" did not answer correctly (HTTP 502); please try again later.',
      },
    })
    const store = domainErrorAnswer(new UpstreamError("crm", REMOTE_BODY, 500), { upstream: "The invoice system" })!
    expect(store.body).toEqual({
      type: "upstream_unavailable",
      message: "The invoice system did not answer correctly; please try again later.",
    })
    for (const answer of [admin, store]) {
      expect(JSON.stringify(answer)).not.toMatch(/nginx|secret-upstream-host|token|html/)
    }
  })

  it("should answer a closed invoice API with 503 invoices_unavailable", () => {
    const answer = domainErrorAnswer(new InvoicesClosedError("threshold 5 reached"))!
    expect(answer.status).toBe(503)
    expect(answer.body.type).toBe("invoices_unavailable")
    expect(answer.body.message).toMatch(/temporarily unavailable/)
    expect(answer.body.message).not.toContain("threshold")
  })

  it("should leave other errors to Medusa", () => {
    expect(domainErrorAnswer(new LeaseLostError("sgmsg_1"))).toBeNull()
    expect(domainErrorAnswer(new MedusaError(MedusaError.Types.NOT_FOUND, "x"))).toBeNull()
    expect(domainErrorAnswer(new Error("boom"))).toBeNull()
    expect(domainErrorAnswer(undefined)).toBeNull()
  })
})

describe("malformedRequestAnswer", () => {
  it("should answer a path that does not decode with 400", () => {
    const error: any = new URIError("Failed to decode param '%zz'")
    error.status = error.statusCode = 400
    expect(malformedRequestAnswer(error)).toMatchObject({ status: 400, body: { type: "invalid_data" } })
  })

  it("should answer a query key nested too deep with 400", () => {
    const error = new MedusaError(MedusaError.Types.INVALID_ARGUMENT, "Key accessor more than 2 levels deep: a.b.c")
    expect(malformedRequestAnswer(error)).toEqual({
      status: 400,
      body: { type: "invalid_data", message: "Invalid request: Key accessor more than 2 levels deep: a.b.c" },
    })
  })

  it("should leave everything else alone", () => {
    expect(malformedRequestAnswer(new URIError("URI malformed"))).toBeNull()
    expect(malformedRequestAnswer(new MedusaError(MedusaError.Types.INVALID_ARGUMENT, "something else"))).toBeNull()
    expect(malformedRequestAnswer(null)).toBeNull()
  })
})

describe("answerDomainErrors", () => {
  it("should answer a domain error and log what the remote said for the operator", async () => {
    const logged: string[] = []
    const res = fakeResponse()
    await answerDomainErrors(fakeRequest(logged), res, async () => {
      throw new UpstreamError("erp", `read failed: ${REMOTE_BODY}`, 503)
    })
    expect(res.statusCode).toBe(502)
    expect(JSON.stringify(res.body)).not.toContain("nginx")
    expect(logged.join("\n")).toContain("nginx")
  })

  it("should rethrow anything else", async () => {
    const boom = new Error("boom")
    await expect(answerDomainErrors(fakeRequest([]), fakeResponse(), async () => Promise.reject(boom))).rejects.toBe(
      boom
    )
  })

  it("should not touch a response the work answered", async () => {
    const res = fakeResponse()
    await answerDomainErrors(fakeRequest([]), res, async () => {
      res.status(200).json({ ok: true })
    })
    expect(res.body).toEqual({ ok: true })
  })
})
