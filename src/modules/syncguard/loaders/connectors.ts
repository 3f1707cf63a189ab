import type { LoaderOptions } from "@medusajs/framework/types"
import { asValue } from "@medusajs/framework/awilix"
import { parseSyncguardOptions } from "../config/options"
import { ConnectorRuntime } from "../connectors/runtime/connector-runtime"
import { WORKER_ID } from "../outbox/ids"

/**
 * Builds what this process needs to talk to the remotes, once: the validated configuration and
 * the connector runtime (connectors, throttles, breakers, the Redis client). The module service
 * receives both; its shutdown hook closes the runtime.
 */
export default async function connectorsLoader({ container, options, logger }: LoaderOptions) {
  const config = parseSyncguardOptions(options)
  const runtime = new ConnectorRuntime(config, logger!, WORKER_ID)
  container.register({
    syncguardConfig: asValue(config),
    connectorRuntime: asValue(runtime),
  })
}
