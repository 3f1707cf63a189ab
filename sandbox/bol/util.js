"use strict"

/**
 * Small helpers shared by the bol.com simulator: seeded random streams, ids
 * and bol's timestamp format. Nothing in here knows about HTTP.
 */

const { mulberry32 } = require("../faults")

/** @typedef {() => number} Rng floats in [0, 1) */

/** @type {(v: unknown) => v is number} */
const isFiniteNumber = (v) => typeof v === "number" && Number.isFinite(v)

/** @param {unknown} v @returns {v is Record<string, any>} */
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v)

/**
 * @param {string} name
 * @param {unknown} v
 */
function assertRate(name, v) {
  if (!isFiniteNumber(v) || v < 0 || v > 1) throw new TypeError(`${name} must be a number between 0 and 1`)
}

/**
 * @param {string} name
 * @param {Record<string, unknown>} obj
 * @param {readonly string[]} known
 */
function assertKnownKeys(name, obj, known) {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) throw new TypeError(`unknown ${name} option: ${key}`)
  }
}

/**
 * One independent RNG per concern ("ids", "faults", "buyers", "process"), all
 * derived from one seed, so that e.g. turning on a fault does not change the
 * ids the next order gets.
 * @param {number} seed
 * @param {string} stream
 * @returns {Rng}
 */
function rngStream(seed, stream) {
  let h = 2166136261
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 16777619)
  return mulberry32((seed ^ h) >>> 0)
}

/** @returns {number} a random 32-bit seed for runs that did not ask for one */
const randomSeed = () => Math.floor(Math.random() * 0x100000000)

/**
 * @param {Rng} rng
 * @param {number} n
 * @param {string} alphabet
 */
function randomString(rng, n, alphabet) {
  let s = ""
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rng() * alphabet.length)]
  return s
}

const HEX = "0123456789abcdef"

/**
 * A version 4 UUID drawn from `rng` (reproducible with a seed).
 * @param {Rng} rng
 */
function uuid(rng) {
  const h = randomString(rng, 32, HEX).split("")
  h[12] = "4"
  h[16] = HEX[(HEX.indexOf(h[16]) & 0x3) | 0x8]
  const s = h.join("")
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/**
 * @param {Rng} rng
 * @param {number} n
 */
function randomBytes(rng, n) {
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = Math.floor(rng() * 256)
  return b
}

/**
 * @param {Rng} rng
 * @param {T[]} list
 * @returns {T}
 * @template T
 */
const pick = (rng, list) => list[Math.floor(rng() * list.length)]

let amsterdam = /** @type {Intl.DateTimeFormat | null | undefined} */ (undefined)

/** @returns {Intl.DateTimeFormat | null} null when the runtime has no tz data */
function amsterdamFormat() {
  if (amsterdam !== undefined) return amsterdam
  try {
    amsterdam = new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Amsterdam",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
  } catch {
    amsterdam = null
  }
  return amsterdam
}

const pad = (/** @type {number} */ n) => String(n).padStart(2, "0")

/**
 * bol's timestamp style: whole seconds, Europe/Amsterdam wall time with its
 * offset, e.g. "2019-04-30T16:47:32+02:00" (UTC "+00:00" without tz data).
 * @param {number} ms epoch
 */
function bolTime(ms) {
  const sec = Math.floor(ms / 1000) * 1000
  const fmt = amsterdamFormat()
  let offsetMin = 0
  if (fmt) {
    const p = Object.fromEntries(fmt.formatToParts(new Date(sec)).map((x) => [x.type, x.value]))
    const localAsUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second)
    offsetMin = Math.round((localAsUtc - sec) / 60000)
  }
  const local = new Date(sec + offsetMin * 60000).toISOString().slice(0, 19)
  const sign = offsetMin < 0 ? "-" : "+"
  const abs = Math.abs(offsetMin)
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/**
 * UTC, whole seconds: "2023-03-16T12:53:03Z" (as in bol's "Expired JWT" detail).
 * @param {number} ms epoch
 */
const isoSeconds = (ms) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z")

/**
 * A calendar date "YYYY-MM-DD" (UTC) `days` after `ms`.
 * @param {number} ms
 * @param {number} days
 */
const dateAfter = (ms, days) => new Date(ms + days * 86400000).toISOString().slice(0, 10)

/** @param {number} n euros @returns {number} rounded to cents */
const cents = (n) => Math.round(n * 100) / 100

module.exports = {
  isFiniteNumber,
  isObject,
  assertRate,
  assertKnownKeys,
  rngStream,
  randomSeed,
  randomString,
  randomBytes,
  uuid,
  pick,
  bolTime,
  isoSeconds,
  dateAfter,
  cents,
}
