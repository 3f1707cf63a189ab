import type { Logger } from "@medusajs/framework/types"
import type { ApiNoticeSink, Connector } from "./contract"
import { BolConnector } from "./bol/bol-connector"
import type { ConnectorConfig } from "../config/options"
import { RestConnector } from "./rest/rest-connector"
import { TrytonConnector } from "./tryton/tryton-connector"
import type { Throttle } from "./throttle"

/** Builds a connector from its options; the one place that knows every connector kind. */
export function createConnector(
  name: string,
  options: ConnectorConfig,
  logger?: Logger,
  throttle?: Throttle,
  extras: { throttleFor?: (group: string) => Throttle | undefined; notices?: ApiNoticeSink } = {}
): Connector {
  switch (options.kind) {
    case "rest":
      return new RestConnector(name, options, logger, throttle, extras.notices)
    case "tryton":
      return new TrytonConnector(name, options, logger, throttle, extras.notices)
    case "bol":
      return new BolConnector(name, options, logger, extras.throttleFor ?? (() => throttle), extras.notices)
    default:
      throw new Error(`syncguard: connector "${name}" has unknown kind "${(options as { kind?: string }).kind}"`)
  }
}
