import type { MedusaContainer } from "@medusajs/framework/types"
import { whenDispatcherIdle } from "../../src/delivery/fast-path"
import { SYNCGUARD_MODULE } from "../../src/modules/syncguard"
import type SyncguardModuleService from "../../src/modules/syncguard/service"
import { drainOutboxWorkflow } from "../../src/workflows/drain-outbox"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Works the outbox like a worker would until nothing is left to do (every message delivered
 * or dead) or the deadline passes. Returns the final counts per status.
 */
export async function drainUntilSettled(
  container: MedusaContainer,
  { expected, timeoutMs = 120_000 }: { expected: number; timeoutMs?: number }
): Promise<Record<string, number>> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const deadline = Date.now() + timeoutMs
  for (;;) {
    await whenDispatcherIdle(container)
    const counts = await syncguard.countByStatus()
    const settled = counts.delivered + counts.dead
    if (settled >= expected && settled === Object.values(counts).reduce((a, b) => a + b, 0)) {
      return counts
    }
    if (Date.now() > deadline) {
      throw new Error(`outbox did not settle in ${timeoutMs} ms: ${JSON.stringify(counts)}`)
    }
    const { result } = await drainOutboxWorkflow(container).run({ input: { limit: 100 } })
    if (!result.claimed) {
      await sleep(100)
    }
  }
}

/** Polls `check` until it holds or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`)
    }
    await sleep(50)
  }
}
