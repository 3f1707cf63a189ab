import type { Logger } from "@medusajs/framework/types"
import type { Connector } from "./contract"
import type { ConnectorConfig } from "../config/options"
import { RestConnector } from "./rest/rest-connector"
import { TrytonConnector } from "./tryton/tryton-connector"
import type { Throttle } from "./throttle"

/** Builds a connector from its options; the one place that knows every connector kind. */
export function createConnector(
  name: string,
  options: ConnectorConfig,
  logger?: Logger,
  throttle?: Throttle
): Connector {
  switch (options.kind) {
    case "rest":
      return new RestConnector(name, options, logger, throttle)
    case "tryton":
      return new TrytonConnector(name, options, logger, throttle)
    default:
      throw new Error(`syncguard: connector "${name}" has unknown kind "${(options as { kind?: string }).kind}"`)
  }
}
