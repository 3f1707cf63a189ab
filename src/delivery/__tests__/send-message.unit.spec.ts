import type {
  DeliveryRequest,
  DeliveryResult,
  OutboundSink,
  VerifyResult,
} from "../../modules/syncguard/connectors/contract"
import { LeaseLostError, ThrottleUnavailableError } from "../../modules/syncguard/errors"
import type { ClaimedMessage } from "../../modules/syncguard/sql/outbox"
import { SendDeps, sendMessage, settleRecheckMs, settleUntilOf } from "../send-message"

const T0 = Date.parse("2026-12-01T10:00:00Z")

/** A remote that commits late: it holds what it was sent until `commitAt`, then has it. */
function lateRemote(opts: { commitAt?: number | null } = {}) {
  const calls: string[] = []
  let now = T0
  const sink: OutboundSink & { calls: string[]; setNow(t: number): void } = {
    calls,
    setNow: (t) => (now = t),
    takes: () => true,
    verify: async (_r: DeliveryRequest): Promise<VerifyResult> => {
      calls.push("lookup")
      return opts.commitAt !== undefined && opts.commitAt !== null && now >= opts.commitAt
        ? { exists: true, remoteId: "R1" }
        : { exists: false }
    },
    deliver: async (): Promise<DeliveryResult> => {
      calls.push("send")
      return { outcome: "delivered", remoteId: "R2", httpStatus: 201 }
    },
  }
  return sink
}

function deps(
  connector: OutboundSink | undefined,
  now: number,
  over: Partial<SendDeps> = {}
): SendDeps & { breaker: boolean[] } {
  const breaker: boolean[] = []
  return {
    breaker,
    connector,
    paused: async () => false,
    breakerAllows: () => true,
    breakerRecord: (ok) => breaker.push(ok),
    renewLease: async () => true,
    leaseMs: 60_000,
    requestBudgetMs: 11_000,
    settleMs: 20_000,
    now: () => now,
    ...over,
  }
}

const message = (over: Partial<ClaimedMessage> = {}): ClaimedMessage =>
  ({
    id: "sgmsg_1",
    connector: "erp",
    operation: "order.create",
    entity_type: "order",
    entity_id: "order_1",
    idempotency_key: "erp:order.create:order:order_1:v1",
    correlation_id: "sgc_1",
    status: "in_flight",
    attempts: 2,
    max_attempts: 10,
    lease_owner: "w1",
    lease_expires_at: new Date(T0 + 60_000),
    prev_status: "unknown",
    prev_lease_expires_at: null,
    settle_until: null,
    depends_on_id: null,
    ...over,
  }) as ClaimedMessage

const entity = { id: "order_1" }

describe("sendMessage after an unknown outcome", () => {
  it("should send the newest state at once when the lookup proves the earlier state write landed", async () => {
    const remote = lateRemote()
    remote.verify = async () => {
      remote.calls.push("lookup")
      return { exists: true, remoteId: "offer_1", superseded: true }
    }
    // inside the settle window: before, a landed write whose state had moved on parked the SKU's writes
    const d = deps(remote, T0 + 1000)
    const out = await sendMessage(
      d,
      message({ operation: "stock.set", entity_type: "stock", settle_until: new Date(T0 + 20_000) }),
      entity,
      T0 + 1000,
      "tp"
    )
    expect(remote.calls).toEqual(["lookup", "send"])
    expect(out.deferred).toBeNull()
    expect(out.resentAfterLookup).toBe(true)
    expect(out.result).toMatchObject({ outcome: "delivered" })
  })

  it("should park, not resend, while a lookup finds nothing inside the settle window", async () => {
    const remote = lateRemote({ commitAt: T0 + 15_000 })
    const settleUntil = new Date(T0 + 20_000)
    const out = await sendMessage(
      deps(remote, T0 + 2000),
      message({ settle_until: settleUntil }),
      entity,
      T0 + 2000,
      "tp"
    )
    expect(remote.calls).toEqual(["lookup"])
    expect(out.result).toBeNull()
    expect(out.deferred?.settleUntil).toEqual(settleUntil)
    // looked at again inside the window (settle 20 s → every 2.5 s), not only at its end
    expect(out.deferred?.until).toEqual(new Date(T0 + 2000 + 2500))
  })

  it("should look again inside the window and settle a late commit as soon as it is visible", async () => {
    const remote = lateRemote({ commitAt: T0 + 6000 })
    const settleUntil = new Date(T0 + 20_000)
    let now = T0 + 2000
    let out = await sendMessage(deps(remote, now), message({ settle_until: settleUntil }), entity, now, "tp")
    while (out.deferred) {
      now = out.deferred.until.getTime()
      remote.setNow(now)
      out = await sendMessage(deps(remote, now), message({ settle_until: settleUntil }), entity, now, "tp")
    }
    expect(out.result).toMatchObject({ outcome: "delivered", verifiedOnly: true })
    expect(remote.calls).not.toContain("send")
    // seen at the first look after 6 s, 14 s before the window ends
    expect(now).toBeLessThan(T0 + 10_000)
    expect(settleRecheckMs(20_000)).toBe(2500)
    expect(settleRecheckMs(2000)).toBe(1000)
    expect(settleRecheckMs(120_000)).toBe(5000)
  })

  it("should settle as delivered once the late commit is visible, without sending again", async () => {
    const remote = lateRemote({ commitAt: T0 + 15_000 })
    remote.setNow(T0 + 20_500)
    const out = await sendMessage(
      deps(remote, T0 + 20_500),
      message({ settle_until: new Date(T0 + 20_000) }),
      entity,
      T0 + 20_500,
      "tp"
    )
    expect(remote.calls).toEqual(["lookup"])
    expect(out.result).toMatchObject({ outcome: "delivered", remoteId: "R1", verifiedOnly: true })
  })

  it("should accept an early positive lookup at once (a lost acknowledgement)", async () => {
    const remote = lateRemote({ commitAt: T0 })
    const out = await sendMessage(
      deps(remote, T0 + 1000),
      message({ settle_until: new Date(T0 + 20_000) }),
      entity,
      T0 + 1000,
      "tp"
    )
    expect(out.result).toMatchObject({ outcome: "delivered", verifiedOnly: true })
  })

  it("should resend after the window has passed with nothing found, and say so on the attempt", async () => {
    const remote = lateRemote({ commitAt: null })
    const out = await sendMessage(
      deps(remote, T0 + 21_000),
      message({ settle_until: new Date(T0 + 20_000) }),
      entity,
      T0 + 21_000,
      "tp"
    )
    expect(remote.calls).toEqual(["lookup", "send"])
    expect(out.resentAfterLookup).toBe(true)
    expect(out.result?.outcome).toBe("delivered")
  })

  it("should count a negative lookup at once when nothing may still commit (a 500, a replay)", async () => {
    const remote = lateRemote({ commitAt: null })
    const out = await sendMessage(deps(remote, T0), message({ settle_until: null }), entity, T0, "tp")
    expect(remote.calls).toEqual(["lookup", "send"])
    expect(out.resentAfterLookup).toBe(true)
  })

  it("should run a crashed worker's window from when its lease ran out", () => {
    const m = message({ prev_status: "in_flight", prev_lease_expires_at: new Date(T0) })
    expect(settleUntilOf(m, 20_000)).toEqual(new Date(T0 + 20_000))
    expect(settleUntilOf({ ...m, settle_until: new Date(T0 + 30_000) }, 20_000)).toEqual(new Date(T0 + 30_000))
    expect(settleUntilOf(message({ prev_status: "unknown" }), 20_000)).toBeNull()
  })
})

describe("sendMessage and our own faults", () => {
  it("should defer unspent, without touching the breaker, when the limiter cannot admit the request", async () => {
    const sink: OutboundSink = {
      takes: () => true,
      verify: async () => ({ exists: false }),
      deliver: async () => {
        throw new ThrottleUnavailableError("erp", "Redis down")
      },
    }
    const d = deps(sink, T0)
    const out = await sendMessage(d, message({ prev_status: "pending" }), entity, T0, "tp")
    expect(out.result).toBeNull()
    expect(out.deferred?.reason).toContain("rate limiter")
    expect(d.breaker).toEqual([])
  })

  it("should send nothing and record nothing when another worker took the lease", async () => {
    const sink: OutboundSink = {
      takes: () => true,
      verify: async () => ({ exists: false }),
      deliver: async (r) => {
        await r.beforeSend?.()
        return { outcome: "delivered", remoteId: "x", httpStatus: 201 }
      },
    }
    // late in the lease: the fence asks the database, which says another worker owns it now
    const d = deps(sink, T0 + 55_000, { renewLease: async () => false })
    const out = await sendMessage(d, message({ prev_status: "pending" }), entity, T0, "tp")
    expect(out.result).toBeNull()
    expect(out.deferred?.reason).toBe(new LeaseLostError("sgmsg_1").message)
    expect(d.breaker).toEqual([])
  })

  it("should not call a paused connector or one whose breaker refuses", async () => {
    const remote = lateRemote()
    expect(
      (await sendMessage(deps(remote, T0, { paused: async () => true }), message(), entity, T0, "tp")).deferred?.reason
    ).toBe("connector paused")
    expect(
      (await sendMessage(deps(remote, T0, { breakerAllows: () => false }), message(), entity, T0, "tp")).deferred
        ?.reason
    ).toBe("circuit breaker open")
    expect(remote.calls).toEqual([])
  })
})
