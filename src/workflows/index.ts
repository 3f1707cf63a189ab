// The workflows a store may call from its own code.
export * from "./enqueue-entity-sync"
export * from "./deliver-outbox-message"
export * from "./drain-outbox"
export type { DrainSummary } from "./steps/drain-outbox"
export * from "./sample-metrics"
export * from "./purge-expired"
export * from "./replay-dead-letters"
export * from "./set-connector-paused"
