import { generateKeyPairSync, sign } from "node:crypto"
import { parseSignatureHeader, publicKeyFrom, verifyBolSignature } from "../push-signature"

const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 })
const published = publicKey.export({ format: "der", type: "spki" }).toString("base64")
const body = Buffer.from(
  '{"retailerId":1234567,"timestamp":"2026-12-01T10:00:00+01:00","event":{"resource":"ORDER","type":"ORDER_CREATED","resourceId":"A2K8290LP8"}}'
)
const signature = sign("RSA-SHA256", body, privateKey).toString("base64")

describe("bol push signatures", () => {
  it("parses bol's header form and a bare base64 value", () => {
    expect(parseSignatureHeader(`keyId=0, algorithm="rsa-sha256", signature=${signature}`)).toEqual({
      keyId: "0",
      algorithm: "rsa-sha256",
      signature: Buffer.from(signature, "base64"),
    })
    expect(parseSignatureHeader(signature)?.keyId).toBeNull()
    expect(parseSignatureHeader("")).toBeNull()
    expect(parseSignatureHeader("keyId=0, algorithm=rsa-sha256")).toBeNull()
  })

  it("verifies RSA-SHA256 over the exact raw body with the published DER key", () => {
    const key = publicKeyFrom(published)
    expect(verifyBolSignature(body, Buffer.from(signature, "base64"), key)).toBe(true)
  })

  it("rejects a body changed by one byte, re-serialized JSON, or another key", () => {
    const key = publicKeyFrom(published)
    const sig = Buffer.from(signature, "base64")
    expect(verifyBolSignature(Buffer.from(body.toString().replace("A2K", "B2K")), sig, key)).toBe(false)
    expect(verifyBolSignature(Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)), sig, key)).toBe(false)
    const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey
    expect(verifyBolSignature(body, sig, other)).toBe(false)
    expect(verifyBolSignature(body, Buffer.from("junk"), key)).toBe(false)
  })
})
