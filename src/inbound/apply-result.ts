import type { InboundOutcome } from "../modules/syncguard/inbound/states"

/** What applying one inbound event did, recorded on its row. */
export type ApplyResult = { outcome: InboundOutcome; detail: Record<string, unknown> }
