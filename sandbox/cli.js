#!/usr/bin/env node
"use strict"

/**
 * `npm run sandbox` entry point: start a sandbox with faults from flags, or
 * with `--bol` a bol.com marketplace (flags in bol/cli-args.js).
 * Arguments are parsed by hand to stay dependency-free.
 */

const { createSandbox, createBolMarketplace } = require("./index")
const { parseBolArgs, BOL_USAGE } = require("./bol/cli-args")

const USAGE = `usage: node sandbox/cli.js [options]
  --port N              listen port (default $SANDBOX_PORT or 4010)
  --host H              listen host (default 127.0.0.1)
  --rps N               rate limit, requests per second
  --burst N             rate limit bucket size (default = rps)
  --error-rate R        share of requests answered 500/502/503 (0..1)
  --timeout-rate R      share of requests never answered (0..1)
  --hang-ms N           how long an unanswered request is held (default 30000)
  --lost-ack-rate R     share of successful writes committed but unanswered (0..1)
  --latency N | A,B     fixed or uniform [A, B] latency in ms
  --down                answer everything 503
  --reject ID[,ID...]   external ids rejected with 422
  --no-idempotency      ignore Idempotency-Key headers
  --no-unique           allow duplicate orders per external_id
  --auth-token T        require Authorization: Bearer T
  --invoice-drift MODE  GET /invoices filter drift: none, ignore_filter, prefix, mix,
                        inconsistent_pages, case_insensitive, missing_filter_field
  --invoice-mix-rate R  share of foreign invoices slipped into each page with "mix" (default 0.2)
  --invoice-by-id-drift MODE
                        GET /invoices/:id drift: none, wrong_invoice
  --seed N              seed the fault RNG for reproducible runs
  --bol                 start a bol.com marketplace instead (see --bol --help)
  --help`

/**
 * @param {string[]} argv
 * @returns {{ port: number, host: string, authToken?: string, faults: Record<string, any> }}
 */
function parseArgs(argv) {
  /** @type {Record<string, any>} */
  const faults = {}
  let port = process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : 4010
  let host = "127.0.0.1"
  /** @type {string | undefined} */
  let authToken
  let rps
  let burst

  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]
    /** @type {string | undefined} */
    let inline
    // Accept both "--flag value" and "--flag=value".
    const eq = flag.indexOf("=")
    if (flag.startsWith("--") && eq > 0) {
      inline = flag.slice(eq + 1)
      flag = flag.slice(0, eq)
    }
    const value = () => {
      const v = inline ?? argv[++i]
      if (v === undefined) throw new Error(`${flag} needs a value`)
      return v
    }
    const num = () => {
      const raw = value()
      const n = Number(raw)
      if (raw.trim() === "" || !Number.isFinite(n)) throw new Error(`${flag} expects a number, got "${raw}"`)
      return n
    }

    switch (flag) {
      case "--port":
        port = num()
        break
      case "--host":
        host = value()
        break
      case "--rps":
        rps = num()
        break
      case "--burst":
        burst = num()
        break
      case "--error-rate":
        faults.errorRate = num()
        break
      case "--timeout-rate":
        faults.timeoutRate = num()
        break
      case "--hang-ms":
        faults.hangMs = num()
        break
      case "--lost-ack-rate":
        faults.lostAckRate = num()
        break
      case "--latency": {
        const parts = value()
          .split(",")
          .map((s) => Number(s))
        if (parts.length > 2 || parts.some((n) => !Number.isFinite(n))) {
          throw new Error("--latency expects N or MIN,MAX")
        }
        faults.latencyMs = parts.length === 2 ? parts : parts[0]
        break
      }
      case "--down":
        faults.down = true
        break
      case "--reject":
        faults.rejectExternalIds = value().split(",").filter(Boolean)
        break
      case "--no-idempotency":
        faults.honourIdempotencyKey = false
        break
      case "--no-unique":
        faults.uniqueExternalId = false
        break
      case "--auth-token":
        authToken = value()
        break
      case "--invoice-drift":
        faults.invoiceDrift = value()
        break
      case "--invoice-mix-rate":
        faults.invoiceMixRate = num()
        break
      case "--invoice-by-id-drift":
        faults.invoiceByIdDrift = value()
        break
      case "--seed":
        faults.seed = num()
        break
      case "--help":
      case "-h":
        console.log(USAGE)
        process.exit(0)
        break
      default:
        throw new Error(`unknown option ${flag}`)
    }
  }
  if (burst !== undefined && rps === undefined) throw new Error("--burst needs --rps")
  if (rps !== undefined) faults.rateLimit = burst === undefined ? { rps } : { rps, burst }
  return { port, host, authToken, faults }
}

async function mainBol() {
  let opts
  try {
    opts = parseBolArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`${/** @type {Error} */ (err).message}\n\n${BOL_USAGE}`)
    process.exit(2)
  }
  let bol
  try {
    bol = await createBolMarketplace(opts)
  } catch (err) {
    console.error(`syncguard bol marketplace: ${/** @type {Error} */ (err).message}`)
    process.exit(err instanceof TypeError ? 2 : 1)
  }
  console.log(`syncguard bol.com marketplace listening on ${bol.url}`)
  console.log(`token: POST ${bol.url}/token (Basic ${opts.clientId ?? "client"}:${opts.clientSecret ?? "secret"})`)
  for (const o of bol.offers()) console.log(`offer ${o.offerId} ${o.reference} ean ${o.ean} stock ${o.amount}`)
  console.log(`faults: ${JSON.stringify(bol.faults())}`)

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await bol.close()
    process.exit(0)
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

async function main() {
  if (process.argv.slice(2).includes("--bol")) return mainBol()
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (err) {
    console.error(`${/** @type {Error} */ (err).message}\n\n${USAGE}`)
    process.exit(2)
  }
  let sb
  try {
    sb = await createSandbox(opts)
  } catch (err) {
    // Invalid fault values (TypeError) or a busy port (EADDRINUSE).
    console.error(`syncguard sandbox: ${/** @type {Error} */ (err).message}`)
    process.exit(err instanceof TypeError ? 2 : 1)
  }
  console.log(`syncguard sandbox listening on ${sb.url}`)
  console.log(`faults: ${JSON.stringify(sb.faults())}`)
  if (opts.authToken) console.log("auth: Bearer token required")

  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await sb.close()
    process.exit(0)
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}

module.exports = { parseArgs }
