import type { AxiosInstance } from "axios"
import { isAxiosError } from "axios"
import type { Throttle } from "../throttle"
import { SendNotAttemptedError } from "../../errors"
import { parseRetryAfter } from "../http/retry-after"
import { recordApiNotices } from "../http/record-notices"
import { createHttpClient } from "../rest/http-client"
import type { ApiNoticeSink } from "../contract"
import { rpcErrorFrom, TrytonTransportError } from "./errors"

export type TrytonRpcOptions = {
  /** the connector's name and where deprecation headers are reported */
  connector?: string
  notices?: ApiNoticeSink
  url: string
  database: string
  login: string
  password: string
  language?: string
  timeoutMs?: number
  throttle?: Throttle
}

export type CallOptions = {
  /** see DeliveryRequest.beforeSend: re-checks the worker's lease after rate-limit admission */
  beforeSend?: () => Promise<void>
  /** merged over the user's preferences (e.g. `locations` for stock quantities) */
  context?: Record<string, unknown>
  /** when given, each call is appended (method, params, answer) for the attempt's snapshot */
  trace?: TrytonCallRecord[]
}

export type TrytonCallRecord = { method: string; params: unknown[]; status: number | null; result?: unknown; error?: string; ms: number }

type Session = { authorization: string; context: Record<string, unknown> }

/**
 * A JSON-RPC session with one Tryton database. It logs in lazily, sends the user's context
 * (company, language) as the last parameter of every model call, and logs in again once when
 * the server answers 401 (sessions expire after `[session] max_age`, and a restart can drop them).
 */
export class TrytonRpc {
  private readonly http: AxiosInstance
  private session: Promise<Session> | null = null
  private seq = 0

  constructor(private readonly options: TrytonRpcOptions) {
    this.http = createHttpClient({
      baseURL: `${options.url.replace(/\/+$/, "")}/${encodeURIComponent(options.database)}`,
      timeoutMs: options.timeoutMs ?? 10_000,
      // a JSON-RPC call is not idempotent (a 504 may come after the commit): never repeat one blindly
      retries: 0,
      headers: {},
      throttle: options.throttle,
    })
    recordApiNotices(this.http, options.connector ?? "tryton", options.notices)
  }

  /** `model.<model>.<method>` with the context appended. */
  async model<T = any>(model: string, method: string, args: unknown[], options: CallOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const pending = this.currentSession()
      const session = await pending
      const started = Date.now()
      const record: TrytonCallRecord | undefined = options.trace
        ? { method: `model.${model}.${method}`, params: args, status: null, ms: 0 }
        : undefined
      try {
        const result = await this.post<T>(
          `model.${model}.${method}`,
          [...args, { ...session.context, ...(options.context ?? {}) }],
          session.authorization,
          options.beforeSend
        )
        if (record) Object.assign(record, { status: 200, result })
        return result
      } catch (error) {
        if (record) {
          Object.assign(record, { status: (error as TrytonTransportError).status ?? (error instanceof TrytonTransportError ? null : 200), error: (error as Error).message })
        }
        if (error instanceof TrytonTransportError && error.status === 401 && attempt === 0) {
          // the session expired or the server forgot it: a 401 applied nothing, so log in and repeat
          if (this.session === pending) this.session = null
          continue
        }
        throw error
      } finally {
        if (record) {
          record.ms = Date.now() - started
          options.trace!.push(record)
        }
      }
    }
  }

  /** `report.<name>.execute`: renders a report for records; answers [format, content, direct_print, name]. */
  async report<T = any>(name: string, ids: number[], data: Record<string, unknown>, options: CallOptions = {}): Promise<T> {
    const pending = this.currentSession()
    const session = await pending
    try {
      return await this.post<T>(`report.${name}.execute`, [ids, data, session.context], session.authorization, options.beforeSend)
    } catch (error) {
      if (error instanceof TrytonTransportError && error.status === 401 && this.session === pending) this.session = null
      throw error
    }
  }

  async logout(): Promise<void> {
    const current = this.session
    this.session = null
    if (!current) return
    const session = await current.catch(() => null)
    if (session) {
      await this.post("common.db.logout", [], session.authorization).catch(() => undefined)
    }
  }

  /**
   * One login at a time per process: concurrent calls share it. It is not fenced by any one
   * message's lease (a login changes nothing on the remote), so a message that lost its lease
   * cannot fail the others waiting on the same login.
   */
  private currentSession(): Promise<Session> {
    if (!this.session) {
      const pending = this.login()
      this.session = pending
      pending.catch(() => {
        if (this.session === pending) this.session = null
      })
    }
    return this.session
  }

  private async login(): Promise<Session> {
    const { login, password, language } = this.options
    const result = await this.post<[number, string]>("common.db.login", [login, { password }, language ?? "en"])
    if (!Array.isArray(result) || result.length < 2) {
      throw new TrytonTransportError(`login as ${login} was refused`, 401)
    }
    const [userId, key] = result
    const authorization = "Session " + Buffer.from(`${login}:${userId}:${key}`).toString("base64")
    const context = await this.post<Record<string, unknown>>("model.res.user.get_preferences", [true, {}], authorization)
    return { authorization, context: context ?? {} }
  }

  private async post<T>(
    method: string,
    params: unknown[],
    authorization?: string,
    beforeSend?: () => Promise<void>
  ): Promise<T> {
    const id = ++this.seq
    let response
    try {
      response = await this.http.post(
        "/",
        { id, method, params },
        { headers: authorization ? { Authorization: authorization } : {}, syncguardBeforeSend: beforeSend }
      )
    } catch (error) {
      if (error instanceof SendNotAttemptedError || !isAxiosError(error)) throw error
      if (error.response) {
        response = error.response
      } else {
        throw new TrytonTransportError(`${method}: ${error.message}`, undefined, error.code)
      }
    }
    if (response.status !== 200) {
      throw new TrytonTransportError(
        `${method}: HTTP ${response.status}`,
        response.status,
        undefined,
        parseRetryAfter(response.headers?.["retry-after"] as string | undefined)
      )
    }
    const body = response.data
    if (!body || typeof body !== "object") {
      throw new TrytonTransportError(`${method}: answer is not JSON-RPC`, response.status, "ERR_BAD_RESPONSE")
    }
    if (body.error !== undefined && body.error !== null) {
      throw rpcErrorFrom(body.error, method)
    }
    return body.result as T
  }
}
