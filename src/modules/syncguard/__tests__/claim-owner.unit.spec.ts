import { claimOwner, workerOf, WORKER_ID } from "../outbox/ids"

describe("claim owners", () => {
  it("should name every claim differently, even from one worker", () => {
    const names = new Set(Array.from({ length: 1000 }, () => claimOwner(WORKER_ID)))
    expect(names.size).toBe(1000)
  })

  it("should give back the worker behind a claim, and a plain worker name unchanged", () => {
    expect(workerOf(claimOwner(WORKER_ID))).toBe(WORKER_ID)
    expect(workerOf("host:12:ab")).toBe("host:12:ab")
  })
})
