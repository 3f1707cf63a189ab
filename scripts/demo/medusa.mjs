// Runs the Medusa CLI (`npx medusa ...`) as child processes that the demo can always clean up.
import { spawn } from "node:child_process"
import fs from "node:fs"
import { DemoError, log, sleep, tail } from "./log.mjs"

/** Every CLI process still running; each leads its own process group. */
const running = new Set()
let refuseNewChildren = false

// Last resort if the script dies without going through stopAllMedusa() (e.g. an exception in
// a handler): 'exit' listeners must be synchronous, so no grace period here.
process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL")
})

/**
 * Spawns `npx medusa <args>` in its own process group (detached), so Ctrl-C in the terminal
 * reaches only this script, which then stops the whole group: `medusa develop` forks a worker
 * that a plain child.kill() would leave behind. Output goes straight to `logFile`.
 */
export function spawnMedusa(args, { cwd, env, logFile }) {
  if (refuseNewChildren) throw new DemoError("shutting down")
  const out = fs.openSync(logFile, "w")
  // --no: never offer to download a "medusa" package when the local CLI is missing.
  const child = spawn("npx", ["--no", "--", "medusa", ...args], {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out) // the child holds its own copy of the descriptor
  running.add(child)
  child.exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }))
    child.once("error", (err) => resolve({ code: null, signal: null, error: err }))
  })
  child.exited.then(() => running.delete(child))
  return child
}

/** Runs a one-shot CLI command; throws with the log tail when it fails. */
export async function runMedusa(args, opts, { allowFailure = false } = {}) {
  const started = Date.now()
  const { code, error } = await spawnMedusa(args, opts).exited
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (code !== 0 && !allowFailure) {
    throw new DemoError(
      `\`medusa ${args.join(" ")}\` failed (${error?.message ?? `exit ${code}`}) after ${seconds} s; ` +
        `last lines of ${opts.logFile}:\n${tail(opts.logFile, 25)}`
    )
  }
  return { code, seconds }
}

/** Polls GET /health until 200; fails fast when the server process dies. */
export async function waitForHealth(baseUrl, child, { timeoutMs, logFile }) {
  let died = null
  child.exited.then((r) => (died = r))
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (died) {
      throw new DemoError(
        `Medusa exited (code ${died.code}, signal ${died.signal}) before it became healthy; ` +
          `last lines of ${logFile}:\n${tail(logFile, 40)}`
      )
    }
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await sleep(500)
  }
  throw new DemoError(
    `Medusa was not healthy after ${timeoutMs / 1000} s; last lines of ${logFile}:\n${tail(logFile, 40)}`
  )
}

/** After a stop, lets a caller that runs several apps in turn (the benchmarks) start the next one. */
export function allowNewChildren() {
  refuseNewChildren = false
}

/** Stops every CLI process: SIGTERM to each group, SIGKILL whatever is left after `graceMs`. */
export async function stopAllMedusa(graceMs = 10_000) {
  refuseNewChildren = true
  const children = [...running]
  if (!children.length) return
  log("stopping Medusa")
  for (const child of children) killGroup(child, "SIGTERM")
  const deadline = Date.now() + graceMs
  while (Date.now() < deadline && children.some(groupAlive)) await sleep(100)
  for (const child of children.filter(groupAlive)) {
    log(`process group ${child.pid} ignored SIGTERM; killing it`)
    killGroup(child, "SIGKILL")
  }
  running.clear()
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    // group already gone
  }
}

/** The npx process may exit before its children, so ask about the group, not the child. */
function groupAlive(child) {
  try {
    process.kill(-child.pid, 0)
    return true
  } catch {
    return false
  }
}
