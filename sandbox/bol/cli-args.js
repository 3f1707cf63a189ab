"use strict"

/**
 * Flags of `node sandbox/cli.js --bol …`, parsed by hand (no dependencies).
 */

const BOL_USAGE = `usage: node sandbox/cli.js --bol [options]
  --port N                    listen port (default $BOL_PORT or 4020)
  --host H                    listen host (default 127.0.0.1)
  --seed N                    seed every random decision
  --client-id ID              default "client"
  --client-secret S           default "secret"
  --token-ttl SEC             token lifetime (default 299)
  --retailer-id N             default 1234567
  --offers N                  demo offers SKU-1..SKU-N with made-up EANs (default 5)
  --stock N                   stock of each demo offer (default 10)
  --managed-by-retailer       demo offers start with managedByRetailer true
  --buyers-rate R             orders per offer per second (default 0: no buyers)
  --units-per-order N         units per buyer order (default 1)
  --cancellation-request-rate R
                              share of buyer orders later asked to be cancelled (0..1)
  --push-url URL              POST signed ORDER push notifications there
  --pending-ms N | A,B        how long v10 writes stay PENDING (default 300)
  --failure-rate R            share of v10 writes ending FAILURE (0..1)
  --timeout-rate R            share ending TIMEOUT (0..1)
  --never-finish-rate R       share staying PENDING for good (0..1)
  --error-rate R              share of API requests answered 500/502/503 (0..1)
  --lost-ack-rate R           share of successful writes committed but unanswered (0..1)
  --latency N | A,B           fixed or uniform [A, B] latency in ms
  --storm A-B[,A-B...]        windows (ms since start) where every limited request gets 429
  --no-retry-after            send 429s without Retry-After
  --rate-limit G=MAX/SEC      override one group's limit, e.g. orders-list=25/60 (repeatable);
                              G=off switches it off
  --help`

/**
 * EAN-13 with its check digit.
 * @param {number} n
 */
function demoEan(n) {
  const base = `871${String(n).padStart(9, "0")}`
  const sum = base.split("").reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
  return `${base}${(10 - (sum % 10)) % 10}`
}

/**
 * @param {string[]} argv
 * @returns {Record<string, any>} createBolMarketplace options
 */
function parseBolArgs(argv) {
  /** @type {Record<string, any>} */
  const opts = { port: process.env.BOL_PORT ? Number(process.env.BOL_PORT) : 4020 }
  /** @type {Record<string, any>} */
  const faults = {}
  /** @type {Record<string, any>} */
  const processStatus = {}
  /** @type {Record<string, any>} */
  const buyers = {}
  /** @type {Record<string, any>} */
  const rateLimits = {}
  let offers = 5
  let stock = 10
  let managedByRetailer = false

  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]
    /** @type {string | undefined} */
    let inline
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
    const range = () => {
      const parts = value()
        .split(",")
        .map((s) => Number(s))
      if (parts.length > 2 || parts.some((n) => !Number.isFinite(n))) throw new Error(`${flag} expects N or MIN,MAX`)
      return parts.length === 2 ? parts : parts[0]
    }
    switch (flag) {
      case "--bol":
        break
      case "--port":
        opts.port = num()
        break
      case "--host":
        opts.host = value()
        break
      case "--seed":
        opts.seed = num()
        break
      case "--client-id":
        opts.clientId = value()
        break
      case "--client-secret":
        opts.clientSecret = value()
        break
      case "--token-ttl":
        opts.tokenTtlSec = num()
        break
      case "--retailer-id":
        opts.retailerId = num()
        break
      case "--offers":
        offers = num()
        break
      case "--stock":
        stock = num()
        break
      case "--managed-by-retailer":
        managedByRetailer = true
        break
      case "--buyers-rate":
        buyers.ratePerOfferPerSec = num()
        break
      case "--units-per-order":
        buyers.unitsPerOrder = num()
        break
      case "--cancellation-request-rate":
        buyers.cancellationRequestRate = num()
        break
      case "--push-url":
        opts.pushUrl = value()
        break
      case "--pending-ms":
        processStatus.pendingMs = range()
        break
      case "--failure-rate":
        processStatus.failureRate = num()
        break
      case "--timeout-rate":
        processStatus.timeoutRate = num()
        break
      case "--never-finish-rate":
        processStatus.neverFinishRate = num()
        break
      case "--error-rate":
        faults.errorRate = num()
        break
      case "--lost-ack-rate":
        faults.lostAckRate = num()
        break
      case "--latency":
        faults.latencyMs = range()
        break
      case "--storm":
        faults.storm = value()
          .split(",")
          .map((w) => {
            const m = /^(\d+)-(\d+)$/.exec(w.trim())
            if (!m) throw new Error(`--storm expects FROM-TO[,FROM-TO...] in ms, got "${w}"`)
            return { fromMs: Number(m[1]), toMs: Number(m[2]) }
          })
        break
      case "--no-retry-after":
        faults.retryAfter = false
        break
      case "--rate-limit": {
        const raw = value()
        const m = /^([a-z-]+)=(?:(\d+)\/(\d+(?:\.\d+)?)|(off))$/.exec(raw)
        if (!m) throw new Error(`--rate-limit expects GROUP=MAX/SECONDS or GROUP=off, got "${raw}"`)
        rateLimits[m[1]] = m[4] ? null : { max: Number(m[2]), windowSec: Number(m[3]) }
        break
      }
      case "--help":
      case "-h":
        console.log(BOL_USAGE)
        process.exit(0)
        break
      default:
        throw new Error(`unknown option ${flag}`)
    }
  }
  if (!Number.isInteger(offers) || offers < 0) throw new Error("--offers expects an integer >= 0")
  if (!Number.isInteger(stock) || stock < 0) throw new Error("--stock expects an integer >= 0")
  opts.offers = Array.from({ length: offers }, (_, n) => ({
    ean: demoEan(n + 1),
    reference: `SKU-${n + 1}`,
    stock,
    managedByRetailer,
  }))
  if (Object.keys(faults).length) opts.faults = faults
  if (Object.keys(processStatus).length) opts.processStatus = processStatus
  if (Object.keys(buyers).length) opts.buyers = buyers
  if (Object.keys(rateLimits).length) opts.rateLimits = rateLimits
  return opts
}

module.exports = { parseBolArgs, BOL_USAGE, demoEan }
