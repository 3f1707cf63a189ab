"use strict"

/**
 * syncguard sandbox: an in-memory ERP + CRM over HTTP with fault injection,
 * and a bol.com-shaped marketplace (bol/). Dependency-free (node:http only) so
 * tests, the demo, benchmarks and `npm run sandbox` can all use it. See README.md.
 */

const { FaultState } = require("./faults")
const { Store } = require("./store")
const { Stats } = require("./stats")
const { createHttpServer } = require("./server")
const { createRpcFaultProxy } = require("./rpc-proxy")
const { createBolMarketplace } = require("./bol")

/**
 * @typedef {import("./faults").Faults} Faults
 * @typedef {{
 *   port?: number,
 *   host?: string,
 *   faults?: Partial<Faults>,
 *   authToken?: string,
 *   requestLogLimit?: number,
 * }} SandboxOptions
 */

/**
 * Start a sandbox and resolve once it is listening.
 * @param {SandboxOptions} [options]
 */
async function createSandbox(options = {}) {
  const host = options.host ?? "127.0.0.1"
  const faults = new FaultState(options.faults)
  const newStats = () => new Stats({ logLimit: options.requestLogLimit })
  /** @type {import("./server").SandboxState} */
  const state = {
    store: new Store(),
    faults,
    stats: newStats(),
    idempotency: new Map(),
    authToken: options.authToken,
    // A fresh Stats also restarts the clock `downWindows` are measured from;
    // refilling the rate-limit bucket makes each reset begin a comparable run.
    reset() {
      state.store = new Store()
      state.stats = newStats()
      state.idempotency.clear()
      faults.resetBucket()
    },
  }
  const { server, close } = createHttpServer(state)

  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve(undefined)
    })
  })
  const address = server.address()
  const port = typeof address === "object" && address ? address.port : Number(options.port)
  const urlHost = host.includes(":") ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${port}`,
    port,
    /** @param {Partial<Faults>} partial */
    setFaults: (partial) => {
      faults.set(partial)
      return faults.snapshot()
    },
    resetFaults: () => {
      faults.reset()
      return faults.snapshot()
    },
    faults: () => faults.snapshot(),
    reset: () => state.reset(),
    stats: () => state.stats.snapshot(state.store.orderCounts()),
    orders: () => structuredClone(state.store.allOrders()),
    requests: () => state.stats.log.slice(),
    /** @param {Array<Record<string, any>>} list throws TypeError on an invalid invoice (nothing is added then) */
    seedInvoices: (list) => {
      state.store.addInvoices(list)
    },
    /**
     * Bulk-add orders as the remote's own data (reconciliation benches and tests): each keeps its
     * fields and gets `ord_<n>`, created_at and updated_at; an external_id may repeat (a planted
     * duplicate) whatever `uniqueExternalId` says. Throws TypeError on an entry that is not an
     * object with a non-empty string external_id (nothing is added then).
     * @param {Array<Record<string, any>>} list
     * @returns {number} how many orders are stored now
     */
    seedOrders: (list) => state.store.addOrders(list),
    /** every stored invoice (undrifted), in insertion order, as copies */
    invoices: () => structuredClone(state.store.allInvoices()),
    close,
  }
}

module.exports = { createSandbox, createRpcFaultProxy, createBolMarketplace }
