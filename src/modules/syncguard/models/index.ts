export { default as OutboxMessage } from "./outbox-message"
export { default as DeliveryAttempt } from "./delivery-attempt"
