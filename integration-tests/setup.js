const { MetadataStorage } = require("@medusajs/framework/mikro-orm/core")

MetadataStorage.clear()

// Scheduled reconciliation stays off unless a suite turns it on: a run at boot would read the
// sandbox and repair what other suites deliberately leave undelivered. reconciliation.spec.ts
// starts its runs through the admin routes.
if (process.env.SYNCGUARD_RECONCILE_INTERVAL_MS === undefined) process.env.SYNCGUARD_RECONCILE_INTERVAL_MS = "0"
