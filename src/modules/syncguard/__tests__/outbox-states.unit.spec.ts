import {
  ALL_STATUSES,
  canTransition,
  CLAIMABLE_STATUSES,
  needsVerification,
  OutboxStatus,
  releaseStatus,
  sqlStatuses,
  TERMINAL_STATUSES,
  UNFINISHED_STATUSES,
} from "../outbox/states"

const { PENDING, IN_FLIGHT, DELIVERED, RETRY_SCHEDULED, UNKNOWN, DEAD } = OutboxStatus

describe("the outbox state machine", () => {
  // every (from, to) pair, and whether the lifecycle allows it
  const table: Array<[OutboxStatus, OutboxStatus, boolean]> = ALL_STATUSES.flatMap((from) =>
    ALL_STATUSES.map((to): [OutboxStatus, OutboxStatus, boolean] => {
      const allowed: Record<OutboxStatus, OutboxStatus[]> = {
        pending: [IN_FLIGHT],
        retry_scheduled: [IN_FLIGHT],
        unknown: [IN_FLIGHT],
        in_flight: [IN_FLIGHT, DELIVERED, RETRY_SCHEDULED, UNKNOWN, DEAD, PENDING],
        delivered: [],
        dead: [UNKNOWN],
      }
      return [from, to, allowed[from].includes(to)]
    })
  )

  it.each(table)("should %s → %s: %s", (from, to, allowed) => {
    expect(canTransition(from, to)).toBe(allowed)
  })

  it("should leave delivered for good and let a dead letter come back only through a replay (as unknown)", () => {
    expect(ALL_STATUSES.filter((to) => canTransition(DELIVERED, to))).toEqual([])
    expect(ALL_STATUSES.filter((to) => canTransition(DEAD, to))).toEqual([UNKNOWN])
  })

  it("should split the statuses into claimable, in flight and terminal without overlap", () => {
    expect([...CLAIMABLE_STATUSES, IN_FLIGHT, ...TERMINAL_STATUSES].sort()).toEqual([...ALL_STATUSES].sort())
    expect(UNFINISHED_STATUSES).toEqual(ALL_STATUSES.filter((s) => !TERMINAL_STATUSES.includes(s)))
  })

  it("should verify before resending exactly what may already be on the remote", () => {
    expect(ALL_STATUSES.filter(needsVerification)).toEqual([IN_FLIGHT, UNKNOWN])
  })

  it("should release a reclaimed in_flight as unknown and anything else as it was", () => {
    expect(releaseStatus(IN_FLIGHT)).toBe(UNKNOWN)
    for (const s of CLAIMABLE_STATUSES) expect(releaseStatus(s)).toBe(s)
  })

  it("should render status lists for SQL", () => {
    expect(sqlStatuses(TERMINAL_STATUSES)).toBe("'delivered', 'dead'")
  })
})
