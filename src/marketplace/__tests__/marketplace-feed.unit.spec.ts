import type { MarketplaceOrderChange } from "../../modules/syncguard/connectors/contract"
import { oldestFirst } from "../../modules/syncguard/policies/marketplace-feed"
import { eachWithin } from "../each-within"

const change = (
  remoteId: string,
  placedAt: string | null,
  changedAt: string | null = null
): MarketplaceOrderChange => ({
  remoteId,
  placedAt,
  changedAt,
  cancellationRequestedLines: [],
})

describe("the order feed, oldest first", () => {
  it("takes orders in the order the buyers placed them, undated last", () => {
    // bol lists newest first: the first buyer's order was handled last
    const feed = [
      change("C", "2026-12-07T10:00:03+01:00"),
      change("X", null),
      change("B", "2026-12-07T10:00:02+01:00"),
      change("A", null, "2026-12-07T09:00:01Z"),
    ]
    expect(oldestFirst(feed).map((c) => c.remoteId)).toEqual(["A", "B", "C", "X"])
  })

  it("runs at most `limit` at a time, starting them in order", async () => {
    let running = 0
    let most = 0
    const started: number[] = []
    const gates: Array<() => void> = []
    const done = eachWithin([1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n)
      running++
      most = Math.max(most, running)
      await new Promise<void>((r) => gates.push(r))
      running--
    })
    while (started.length < 5 || gates.length) {
      await new Promise((r) => setImmediate(r))
      gates.shift()?.()
    }
    await done
    expect(started).toEqual([1, 2, 3, 4, 5])
    expect(most).toBe(2)
  })
})
