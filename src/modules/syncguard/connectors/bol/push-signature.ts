import { createPublicKey, KeyObject, verify } from "node:crypto"

/**
 * bol.com's push signature (pure): RSA-SHA256 over the exact raw body, in a header like
 * `keyId=0, algorithm="rsa-sha256", signature=<base64>` (named `Signature`; some integrations
 * see `X-BOL-Signature` with a bare base64 value: both are accepted). Keys come from
 * `GET /retailer/subscriptions/signature-keys` as base64 DER (SPKI) public keys.
 */
export type ParsedSignature = { keyId: string | null; algorithm: string | null; signature: Buffer }

export function parseSignatureHeader(value: string): ParsedSignature | null {
  const text = value.trim()
  if (!text) return null
  if (!/signature\s*=/i.test(text)) {
    return /^[A-Za-z0-9+/=_-]+$/.test(text)
      ? { keyId: null, algorithm: null, signature: Buffer.from(text, "base64") }
      : null
  }
  const fields: Record<string, string> = {}
  for (const m of text.matchAll(/(\w+)\s*=\s*("([^"]*)"|[^,\s]+)/g)) {
    fields[m[1].toLowerCase()] = m[3] ?? m[2]
  }
  if (!fields.signature) return null
  return {
    keyId: fields.keyid ?? null,
    algorithm: fields.algorithm ?? null,
    signature: Buffer.from(fields.signature, "base64"),
  }
}

export function publicKeyFrom(base64Der: string): KeyObject {
  const text = base64Der.trim()
  return text.startsWith("-----BEGIN")
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text, "base64"), format: "der", type: "spki" })
}

export function verifyBolSignature(rawBody: Buffer, signature: Buffer, key: KeyObject): boolean {
  try {
    return verify("RSA-SHA256", rawBody, key, signature)
  } catch {
    return false
  }
}
