import { randomBytes } from "node:crypto"
import { hostname } from "node:os"

/** Identifies this process as a lease owner; unique across restarts of the same pid. */
export const WORKER_ID = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`
