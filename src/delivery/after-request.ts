/**
 * Medusa emits an event before the request that caused it has written its answer (a checkout's
 * order.placed, a cart's customer.created). Subscribers wait this long first, so recording the
 * outbox row and the fast-path delivery after it stay off the shopper's request. The event is
 * handled either way; with the Redis event bus it is not acknowledged until the row is written.
 */
export const AFTER_REQUEST_MS = 50

export function afterTriggeringRequest(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, AFTER_REQUEST_MS))
}
