import type { ConnectorHealth } from "../../../components/health/types"

/** A row of `GET /admin/syncguard/connectors`: its health entry plus its options, credentials hidden. */
export type ConfiguredConnector = ConnectorHealth & { settings: unknown }

export type ConnectorList = { connectors: ConfiguredConnector[] }
