// Small helpers shared by the project's scripts (install test, demo, benchmarks).
import { spawn } from "node:child_process"
import { setTimeout as sleep } from "node:timers/promises"

export { sleep }

/** Runs a command, streaming its output to `log` (a function) and failing loudly on a non-zero exit. */
export function run(cmd, args, { cwd, env, log = () => {}, timeoutMs = 15 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    const onData = (d) => {
      output += d
      log(String(d))
    }
    child.stdout.on("data", onData)
    child.stderr.on("data", onData)
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("error", reject)
    child.on("close", (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${cmd} ${args.join(" ")} exited with ${code}\n${output.slice(-4000)}`))
    })
  })
}

/** Waits until `url` answers 200, or throws after `timeoutMs`. */
export async function waitForHttp(url, { timeoutMs = 180_000, isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`process died while waiting for ${url}`)
    try {
      const res = await fetch(url)
      if (res.ok) return
    } catch {
      // not up yet
    }
    await sleep(500)
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`)
}

/** Kills a detached child's whole process group. */
export function killGroup(child, signal = "SIGTERM") {
  if (!child || child.exitCode !== null) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // already gone
  }
}
