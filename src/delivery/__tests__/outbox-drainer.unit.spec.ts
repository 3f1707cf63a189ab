import type { ClaimedMessage } from "../../modules/syncguard/sql/outbox"
import { DrainPorts, MessageOutcome, OutboxDrainer } from "../outbox-drainer"

const msg = (id: string): ClaimedMessage =>
  ({ id, entity_type: "order", entity_id: `order_${id}`, connector: "erp" }) as ClaimedMessage

/** An outbox in memory with a clock the test moves; outcomes scripted per message id. */
function fakePorts(ids: string[], outcome: (id: string, tries: number) => MessageOutcome["outcome"], lanes = 2) {
  let now = 0
  const due = new Map<string, number>(ids.map((id) => [id, 0]))
  const tries = new Map<string, number>()
  const dead: string[] = []
  let inFlight = 0
  let maxInFlight = 0
  const ports: DrainPorts = {
    lanes,
    claim: async ({ limit, ids: only }) => {
      const ready = [...due.entries()].filter(([id, at]) => at <= now && (!only || only.includes(id))).slice(0, limit)
      ready.forEach(([id]) => due.delete(id))
      return ready.map(([id]) => msg(id))
    },
    load: async (messages) => new Map(messages.map((m) => [m.id, { id: m.entity_id }])),
    deliver: async (m) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight)
      await new Promise((r) => setImmediate(r))
      inFlight--
      const n = (tries.get(m.id) ?? 0) + 1
      tries.set(m.id, n)
      const o = outcome(m.id, n)
      if (o === "retry" || o === "deferred") due.set(m.id, now + 500)
      return { outcome: o, fenced: false, lastError: o === "dead" ? "boom" : null }
    },
    msUntilNextDue: async () => (due.size ? Math.max(0, Math.min(...due.values()) - now) : null),
    onDead: async (m) => void dead.push(m.id),
    onError: () => undefined,
    now: () => now,
    sleep: async (ms) => void (now += ms),
  }
  return { ports, dead, tries, maxInFlight: () => maxInFlight }
}

describe("OutboxDrainer", () => {
  it("should deliver everything due on its lanes and never exceed them", async () => {
    const f = fakePorts(["a", "b", "c", "d", "e"], () => "delivered", 2)
    const summary = await new OutboxDrainer(f.ports).drain({ limit: 100, budgetMs: 1000 })
    expect(summary).toMatchObject({ claimed: 5, delivered: 5, retried: 0, dead: 0 })
    expect(f.maxInFlight()).toBeLessThanOrEqual(2)
  })

  it("should wait for a retry falling due within its budget instead of ending", async () => {
    const f = fakePorts(["a"], (_id, n) => (n === 1 ? "retry" : "delivered"), 1)
    const summary = await new OutboxDrainer(f.ports).drain({ limit: 100, budgetMs: 10_000 })
    expect(summary).toMatchObject({ claimed: 2, delivered: 1, retried: 1 })
  })

  it("should claim one lane-load without a budget, leaving the rest to the next run", async () => {
    const f = fakePorts(["a", "b", "c", "d", "e"], () => "delivered", 2)
    expect(await new OutboxDrainer(f.ports).drain({ limit: 100 })).toMatchObject({ claimed: 4, delivered: 4 })
  })

  it("should end after one batch without a budget, leaving later retries to the next run", async () => {
    const f = fakePorts(["a"], (_id, n) => (n === 1 ? "retry" : "delivered"))
    expect(await new OutboxDrainer(f.ports).drain({ limit: 100 })).toMatchObject({
      claimed: 1,
      retried: 1,
      delivered: 0,
    })
  })

  it("should take only the given ids on the fast path", async () => {
    const f = fakePorts(["a", "b", "c"], () => "delivered")
    expect(await new OutboxDrainer(f.ports).drain({ ids: ["b"], limit: 1 })).toMatchObject({ claimed: 1, delivered: 1 })
    expect([...f.tries.keys()]).toEqual(["b"])
  })

  it("should alert each dead letter once, after the lanes are done", async () => {
    const f = fakePorts(["a", "b"], (id) => (id === "a" ? "dead" : "delivered"))
    expect(await new OutboxDrainer(f.ports).drain({ limit: 100 })).toMatchObject({ dead: 1, delivered: 1 })
    expect(f.dead).toEqual(["a"])
  })

  it("should count a delivery that throws as failed and keep draining the others", async () => {
    const f = fakePorts(["a", "b"], () => "delivered")
    const errors: string[] = []
    const deliver = f.ports.deliver
    f.ports.deliver = async (m, e, t) => {
      if (m.id === "a") throw new Error("bug")
      return deliver(m, e, t)
    }
    f.ports.onError = (m) => void errors.push(m.id)
    expect(await new OutboxDrainer(f.ports).drain({ limit: 100 })).toMatchObject({ failed: 1, delivered: 1 })
    expect(errors).toEqual(["a"])
  })
})
