import type { IncomingMessage } from "node:http"
import { MedusaError } from "@medusajs/framework/utils"
import type { InboundSource, PushedEvent } from "../../modules/syncguard/connectors/contract"
import { InboundBodyRefusedError, InboundEventInvalidError, InboundRejectedError } from "../../modules/syncguard/errors"
import { countRejectedPush } from "../../modules/syncguard/inbound/rejections"
import { readRawBody } from "./raw-body"

type Reason = Parameters<typeof countRejectedPush>[1]

/** A refusal of the push itself (answered 4xx), as opposed to a failure of ours (5xx, not counted). */
const isRefusal = (error: unknown) =>
  error instanceof InboundRejectedError ||
  error instanceof InboundEventInvalidError ||
  error instanceof InboundBodyRefusedError ||
  (MedusaError.isMedusaError(error) &&
    [MedusaError.Types.INVALID_DATA, MedusaError.Types.NOT_ALLOWED, MedusaError.Types.UNAUTHORIZED].includes(
      (error as MedusaError).type as never
    ))

async function counted<T>(connector: string, reason: Reason, step: () => Promise<T> | T): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (isRefusal(error)) countRejectedPush(connector, reason)
    throw error
  }
}

/**
 * The events of one push, in the order every connector kind is held to: the raw bytes are read
 * (none, or too many: refused), the signature is verified over them, and only then does the
 * connector parse them. Each refusal on the way is counted for health (`inbound.rejected.*`)
 * and thrown for the route's answer; nothing is recorded before the signature holds.
 */
export async function verifiedEvents(
  source: InboundSource,
  connector: string,
  req: IncomingMessage & { rawBody?: unknown }
): Promise<PushedEvent[]> {
  const raw = await counted(connector, "body", async () => {
    const bytes = await readRawBody(req)
    if (!bytes.length) throw new InboundBodyRefusedError("Expected a JSON body", 400)
    return bytes
  })
  await counted(connector, "signature", () => source.verifySignature(raw, req.headers))
  return counted(connector, "body", () => source.parse(raw, req.headers))
}
