import fs from "node:fs"

// The demo's only output channel: one prefix so its lines stand out from Medusa's and npm's.
export function log(...parts) {
  console.log("[demo]", ...parts)
}

/** Promise-based delay. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** Error whose message is meant for the user as is: main() prints it without a stack. */
export class DemoError extends Error {}

/** Last `lines` lines of a log file, for error messages. */
export function tail(file, lines) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}
