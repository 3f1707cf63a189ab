import { errorHandler, MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import {
  CapabilityMissingError,
  ConnectorNotFoundError,
  InboundBodyRefusedError,
  InboundEventInvalidError,
  InboundRejectedError,
  InvoicesClosedError,
  ReconciliationBusyError,
  UpstreamError,
} from "../modules/syncguard/errors"

/**
 * How syncguard's routes answer errors, in one place: the domain errors of
 * src/modules/syncguard/errors.ts and the malformed requests that fail before a route's
 * validators run. Anything else goes on to Medusa's error handler unchanged.
 *
 * | error                     | status | type                   |
 * | ------------------------- | ------ | ---------------------- |
 * | ConnectorNotFoundError    | 404    | not_found              |
 * | CapabilityMissingError    | 400    | not_allowed            |
 * | UpstreamError             | 502    | upstream_unavailable   | (never the remote's answer; that is logged)
 * | InvoicesClosedError       | 503    | invoices_unavailable   |
 * | InboundBodyRefusedError   | 400/413/415 | invalid_data      | (a push without a body, too large, or compressed oddly)
 * | InboundRejectedError      | 401    | unauthorized           | (a push with a bad or missing signature)
 * | InboundEventInvalidError  | 400/422| invalid_data           | (a verified push that is not an event)
 * | ReconciliationBusyError   | 409    | conflict               | (with the running `run`; Medusa's handler would word every conflict alike)
 * | undecodable URL, too deep query key | 400 | invalid_data    |
 */

export type HttpAnswer = { status: number; body: { type: string; message: string } & Record<string, unknown> }

export type AnswerOptions = {
  /** Who failed to answer, for the 502 message, e.g. "The invoice system"; default: the connector by name. */
  upstream?: string
}

/** The HTTP answer for a domain error, or null when the error is not one of syncguard's. */
export function domainErrorAnswer(error: unknown, options: AnswerOptions = {}): HttpAnswer | null {
  if (error instanceof ConnectorNotFoundError) {
    return { status: 404, body: { type: MedusaError.Types.NOT_FOUND, message: error.message } }
  }
  if (error instanceof CapabilityMissingError) {
    return { status: 400, body: { type: MedusaError.Types.NOT_ALLOWED, message: error.message } }
  }
  if (error instanceof UpstreamError) {
    const who = options.upstream ?? `Connector "${error.connector}"`
    // the remote's status for an operator, never its body; nothing of the remote for a customer
    const status = options.upstream || error.status === null ? "" : ` (HTTP ${error.status})`
    return {
      status: 502,
      body: {
        type: "upstream_unavailable",
        message: `${who} did not answer correctly${status}; please try again later.`,
      },
    }
  }
  if (error instanceof InboundBodyRefusedError) {
    return { status: error.status, body: { type: MedusaError.Types.INVALID_DATA, message: error.message } }
  }
  if (error instanceof InboundRejectedError) {
    return { status: 401, body: { type: MedusaError.Types.UNAUTHORIZED, message: error.message } }
  }
  if (error instanceof InboundEventInvalidError) {
    return { status: error.status, body: { type: MedusaError.Types.INVALID_DATA, message: error.message } }
  }
  if (error instanceof ReconciliationBusyError) {
    return { status: 409, body: { type: MedusaError.Types.CONFLICT, message: error.message, run: error.run } }
  }
  if (error instanceof InvoicesClosedError) {
    return { status: 503, body: { type: "invoices_unavailable", message: error.message } }
  }
  return null
}

/**
 * Requests so malformed that they fail before any validator: a path whose percent-escapes do
 * not decode (Express throws while matching the route) and a query key nested more than two
 * levels with dots (Medusa's query normalizer throws INVALID_ARGUMENT). Both are the client's
 * fault, so 400, not Medusa's default 500.
 */
export function malformedRequestAnswer(error: unknown): HttpAnswer | null {
  const e = error as { name?: unknown; status?: unknown; type?: unknown; message?: unknown } | null
  if (e?.name === "URIError" && e.status === 400) {
    return {
      status: 400,
      body: {
        type: MedusaError.Types.INVALID_DATA,
        message: "Invalid request: the URL path is not valid percent-encoded UTF-8",
      },
    }
  }
  if (
    e?.type === MedusaError.Types.INVALID_ARGUMENT &&
    typeof e.message === "string" &&
    /^Key accessor more than \d+ levels deep/.test(e.message)
  ) {
    return { status: 400, body: { type: MedusaError.Types.INVALID_DATA, message: `Invalid request: ${e.message}` } }
  }
  return null
}

function send(req: MedusaRequest, res: MedusaResponse, error: unknown, answer: HttpAnswer): void {
  const logger = req.scope?.resolve(ContainerRegistrationKeys.LOGGER)
  if (error instanceof UpstreamError) {
    // the client gets a generic message; the operator gets what the remote said
    logger?.warn(
      `syncguard: ${req.method} ${req.path} answered 502: connector ${error.connector} failed: ${error.message}`
    )
  } else {
    logger?.info(`syncguard: ${req.method} ${req.path} answered ${answer.status}: ${answer.body.message}`)
  }
  res.status(answer.status).json(answer.body)
}

/**
 * Runs `work`; a domain error it throws is answered here, anything else is rethrown for
 * Medusa's error handler. Use inside a route handler:
 * `await answerDomainErrors(req, res, async () => { ... })`.
 */
export async function answerDomainErrors(
  req: MedusaRequest,
  res: MedusaResponse,
  work: () => Promise<void>,
  options: AnswerOptions = {}
): Promise<void> {
  try {
    await work()
  } catch (error) {
    const answer = domainErrorAnswer(error, options)
    if (!answer) {
      throw error
    }
    send(req, res, error, answer)
  }
}

/** The same for a whole handler: `export const GET = withDomainErrors(async (req, res) => { ... })`. */
export function withDomainErrors<Req extends MedusaRequest>(
  handler: (req: Req, res: MedusaResponse) => Promise<void>,
  options: AnswerOptions = {}
): (req: Req, res: MedusaResponse) => Promise<void> {
  return (req, res) => answerDomainErrors(req, res, () => handler(req, res), options)
}

/** Where syncguard's routes live; the error handler leaves every other path to Medusa's. */
const SYNCGUARD_PATHS = ["/admin/syncguard", "/store/invoices", "/hooks/syncguard"]

const isSyncguardPath = (path: string | undefined) =>
  !!path && SYNCGUARD_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))

/**
 * The app's error handler (registered in src/api/middlewares.ts), wrapping Medusa's: on
 * syncguard's paths it answers domain errors a route let through and requests that failed
 * before their validators; everything else is Medusa's answer. A host app that registers its
 * own error handler replaces this one; routes still answer their domain errors themselves.
 */
export function syncguardErrorHandler() {
  const medusaErrorHandler = errorHandler()
  return function syncguardErrorHandler(
    error: unknown,
    req: MedusaRequest,
    res: MedusaResponse,
    next: MedusaNextFunction
  ) {
    if (isSyncguardPath(req.path) && !res.headersSent) {
      const answer = domainErrorAnswer(error) ?? malformedRequestAnswer(error)
      if (answer) {
        send(req, res, error, answer)
        return
      }
    }
    return medusaErrorHandler(error, req, res, next)
  }
}
