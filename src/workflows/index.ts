export * from "./enqueue-order-sync"
export * from "./deliver-outbox-message"
export * from "./drain-outbox"
export type { DrainSummary } from "./steps/drain-outbox"
