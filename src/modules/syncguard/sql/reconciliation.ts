/** Reconciliation's statements, by concept. */
export * from "./reconciliation-runs"
export * from "./drift-findings"
export * from "./reconciliation-staging"
