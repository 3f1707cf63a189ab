/** The module's public types, re-exported from the one place each is defined. */
export { OutboxStatus } from "../outbox/states"
export type { SyncOperation } from "../entities"
export type { SyncguardOptions, SyncguardConfig, ConnectorConfig, RetryPolicy } from "../config/options"
export * from "../connectors/contract"
