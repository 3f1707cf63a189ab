import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import {
  AdminConnectorStockParams,
  AdminListOutboxMessagesParams,
  AdminReplayDeadLetters,
} from "../admin/syncguard/validators"
import { StoreInvoiceIdParams } from "../store/invoices/validators"
import { requireJsonBody } from "../validation/json-body"
import { connectorName, recordId, remoteId, safeText } from "../validation/text"

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input)
  return result.success ? [] : result.error.issues.map((i) => i.message)
}

describe("safeText", () => {
  it.each(["\u0000", "\u0001", "\n", "\r", "\t", "\u001f", "\u007f"])(
    "should refuse control character %j, naming the field",
    (c) => {
      expect(messages(safeText("connector"), `a${c}b`)).toContain("connector must not contain control characters")
    }
  )

  it("should accept printable text, unicode included", () => {
    expect(messages(safeText("reason"), "ERP maintenance — ünïcødé 💥 ' ; drop table")).toEqual([])
  })
})

describe("path and name schemas", () => {
  it("should take connector names and refuse anything else", () => {
    expect(messages(connectorName("name"), "erp")).toEqual([])
    expect(messages(connectorName("name"), "my_erp-2")).toEqual([])
    for (const bad of ["", "a b", "a/b", "é", "x".repeat(65), "a\u0000"]) {
      expect(messages(connectorName("name"), bad).join()).toMatch(/^name /)
    }
  })

  it("should take record ids and refuse anything else", () => {
    expect(messages(recordId("id"), "sgmsg_01JABCDEF0123456789")).toEqual([])
    expect(messages(recordId("id"), "order_01JABCDEF0123456789")).toEqual([])
    for (const bad of ["", "'; drop table x; --", "a%00", "x".repeat(101), "a\u0000b"]) {
      expect(messages(recordId("id"), bad).join()).toMatch(/^id /)
    }
  })

  it("should take any printable remote id up to 200 characters", () => {
    expect(messages(remoteId("id"), "INV/2026/0001 (copy)")).toEqual([])
    expect(messages(remoteId("id"), "x".repeat(201))).not.toEqual([])
    expect(messages(StoreInvoiceIdParams, { id: "a\u0000b" })).toContain("id must not contain control characters")
  })
})

describe("validators", () => {
  it("should refuse control characters in every string filter, naming it", () => {
    for (const field of ["connector", "entity_type", "entity_id"]) {
      expect(messages(AdminListOutboxMessagesParams, { [field]: "a\u0000b" }).join()).toContain(
        `${field} must not contain control characters`
      )
    }
    for (const field of ["connector", "operation", "entity_type", "error_contains"]) {
      expect(messages(AdminReplayDeadLetters, { [field]: "a\u0000b" }).join()).toContain(
        `${field} must not contain control characters`
      )
    }
    expect(messages(AdminConnectorStockParams, { sku: "A,B\u0000" }).join()).toContain(
      "sku must not contain control characters"
    )
  })

  it("should still take valid input", () => {
    expect(AdminListOutboxMessagesParams.parse({ connector: "erp", entity_id: "order_1", limit: "10" })).toMatchObject({
      connector: "erp",
      limit: 10,
    })
    expect(AdminConnectorStockParams.parse({ sku: ["SKU-1,SKU-2", "SKU-2"] })).toEqual({ sku: ["SKU-1", "SKU-2"] })
  })
})

describe("requireJsonBody", () => {
  const typeis = require("type-is") // what express's req.is uses
  const run = (method: string, headers: Record<string, string>) => {
    const req: any = { method, headers, is: (types: string[]) => typeis(req, types) }
    let passed: unknown = "not called"
    requireJsonBody(req, {} as any, (error?: unknown) => (passed = error))
    return passed
  }

  it("should let JSON bodies and requests without a body through", () => {
    expect(run("POST", { "content-type": "application/json", "content-length": "2" })).toBeUndefined()
    expect(
      run("POST", { "content-type": "application/json; charset=utf-8", "transfer-encoding": "chunked" })
    ).toBeUndefined()
    expect(run("POST", {})).toBeUndefined()
    expect(run("POST", { "content-length": "0" })).toBeUndefined()
    expect(run("GET", { "content-type": "application/xml", "content-length": "6" })).toBeUndefined()
  })

  it("should refuse a body in any other type with a 400", () => {
    for (const type of ["application/xml", "text/plain", "application/x-www-form-urlencoded"]) {
      const error = run("POST", { "content-type": type, "content-length": "6" }) as MedusaError
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(error.message).toContain(type)
    }
    expect(run("POST", { "content-length": "6" })).toBeInstanceOf(MedusaError)
  })
})
