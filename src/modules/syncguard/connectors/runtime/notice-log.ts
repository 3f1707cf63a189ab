import type { ApiNotice, ApiNoticeSink } from "../contract"

/** One write per endpoint and minute is enough to keep "last seen" current. */
const RECORD_EVERY_MS = 60_000

/**
 * Where connectors report deprecation headers. Built with the runtime (before the module
 * service exists), it passes notices on once the service attaches its writer, at most once a
 * minute per (connector, endpoint, media type) and only when something changed meanwhile or the
 * minute is up, so a hot endpoint costs no write per request.
 */
export class NoticeLog {
  private writer: ((notice: ApiNotice) => Promise<void>) | null = null
  private readonly seen = new Map<string, { at: number; signature: string }>()

  attach(writer: (notice: ApiNotice) => Promise<void>): void {
    this.writer = writer
  }

  /** Writes the next notice of every endpoint again (tests that reset the database). */
  forget(): void {
    this.seen.clear()
  }

  readonly sink: ApiNoticeSink = (notice) => {
    const key = `${notice.connector}\u0000${notice.endpoint}\u0000${notice.mediaType ?? ""}`
    const signature = `${notice.deprecation}|${notice.sunset}|${notice.link}`
    const now = Date.now()
    const last = this.seen.get(key)
    if (last && last.signature === signature && now - last.at < RECORD_EVERY_MS) return
    this.seen.set(key, { at: now, signature })
    void this.writer?.(notice)
  }
}
