type MessageLike = {
  id: string
  connector: string
  operation: string
  status: string
  attempts: number
  remote_id: string | null
  last_error: string | null
  last_http_status: number | null
  delivered_at: Date | string | null
  next_attempt_at: Date | string | null
  created_at: Date | string
}

export type ConnectorSyncSummary = {
  connector: string
  /** the latest message's status; "not_queued" when nothing was recorded for this connector */
  status: string
  operation: string | null
  attempts: number
  remote_id: string | null
  last_error: string | null
  last_http_status: number | null
  delivered_at: Date | string | null
  next_attempt_at: Date | string | null
  messages: number
  /** the latest message, for its attempts; null when nothing was recorded */
  message_id: string | null
  /** what a "Replay" button re-queues */
  dead_message_ids: string[]
}

/**
 * One line per connector: the latest message speaks for its state, attempts add up over all
 * messages, and the remote id is the one any message learned (the create's, usually).
 */
export function summarizeEntitySync(connectors: string[], messages: MessageLike[]): ConnectorSyncSummary[] {
  const names = [...new Set([...connectors, ...messages.map((m) => m.connector)])]
  return names.map((connector) => {
    const mine = messages
      .filter((m) => m.connector === connector)
      .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
    const latest = mine[mine.length - 1]
    return {
      connector,
      status: latest?.status ?? "not_queued",
      operation: latest?.operation ?? null,
      attempts: mine.reduce((sum, m) => sum + m.attempts, 0),
      remote_id: [...mine].reverse().find((m) => m.remote_id)?.remote_id ?? null,
      last_error: [...mine].reverse().find((m) => m.last_error)?.last_error ?? null,
      last_http_status: latest?.last_http_status ?? null,
      delivered_at: latest?.delivered_at ?? null,
      next_attempt_at:
        latest && ["pending", "retry_scheduled", "unknown"].includes(latest.status) ? latest.next_attempt_at : null,
      messages: mine.length,
      message_id: latest?.id ?? null,
      dead_message_ids: mine.filter((m) => m.status === "dead").map((m) => m.id),
    }
  })
}
