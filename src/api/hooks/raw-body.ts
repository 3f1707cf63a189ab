import type { IncomingMessage } from "node:http"
import type { Transform } from "node:stream"
import { createGunzip, createInflate } from "node:zlib"
import { InboundBodyRefusedError } from "../../modules/syncguard/errors"

/** What a push may weigh (decoded), as the README promises. */
export const HOOK_BODY_LIMIT = 256 * 1024

const tooLarge = (limit: number) => new InboundBodyRefusedError(`The body is larger than ${limit / 1024} kB`, 413)

/**
 * The bytes of a push exactly as sent, read here rather than by Medusa's JSON parser (the route
 * turns that off): the signature is checked over them before anything parses them, so a forged
 * body that is not JSON is refused for its signature like any other forgery, and a signed one
 * gets the profile's own answer. gzip and deflate are decoded, as Express's parsers would.
 */
export async function readRawBody(
  req: IncomingMessage & { rawBody?: unknown },
  limit = HOOK_BODY_LIMIT
): Promise<Buffer> {
  // a host app that parses every body itself may have kept the bytes already
  if (Buffer.isBuffer(req.rawBody)) return req.rawBody
  // read by someone else without keeping the bytes: nothing left to verify
  if (req.readableEnded) return Buffer.alloc(0)
  if (Number(req.headers["content-length"]) > limit) throw tooLarge(limit)
  const encoding = String(req.headers["content-encoding"] || "identity").toLowerCase()
  const decoder: Transform | null =
    encoding === "gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : null
  if (!decoder && encoding !== "identity") {
    throw new InboundBodyRefusedError(
      `Unsupported content-encoding "${encoding}": send the body as is, gzip or deflate`,
      415
    )
  }
  const stream = decoder ? req.pipe(decoder) : req
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (error: Error | null) => {
      if (settled) return
      settled = true
      if (error) {
        // stop reading: what is left of the body is not ours to buffer
        if (decoder) req.unpipe(decoder)
        stream.pause()
        reject(error)
      } else {
        resolve(Buffer.concat(chunks, size))
      }
    }
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) settle(tooLarge(limit))
      else chunks.push(chunk)
    })
    stream.on("end", () => settle(null))
    stream.on("error", (error) =>
      settle(
        !decoder ? error : new InboundBodyRefusedError(`The body does not decode as ${encoding}: ${error.message}`, 400)
      )
    )
    req.on("close", () => {
      if (!req.complete) settle(new Error("the sender closed the connection mid-body"))
    })
  })
}
