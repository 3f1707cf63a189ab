import { Text } from "@medusajs/ui"
import { formatAge, formatDate } from "../../lib/format"
import type { ConnectorHealth } from "./types"

/** Deprecated endpoints the remote announced (red once switch-off is near) and failed reconciliations. */
export const ConnectorNotices = ({ connector: c }: { connector: ConnectorHealth }) => {
  const deprecations = c.api_deprecations ?? []
  const failures = c.reconciliation_failures ?? []
  if (deprecations.length === 0 && failures.length === 0) return null
  return (
    <div className="flex flex-col gap-y-1 px-6 py-4">
      {deprecations.map((d) => (
        <Text
          key={`${d.endpoint}-${d.media_type ?? ""}`}
          size="small"
          className={d.sunset_within_horizon ? "text-ui-fg-error" : "text-ui-tag-orange-text"}
          data-testid={`syncguard-connector-deprecation-${c.name}`}
        >
          Deprecated API: {d.endpoint}
          {d.media_type ? ` (${d.media_type})` : ""}
          {d.sunset ? `, switched off ${formatDate(d.sunset)}` : ", no sunset date announced"}
          {d.link && (
            <>
              {" · "}
              <a href={d.link} target="_blank" rel="noreferrer" className="underline">
                notice
              </a>
            </>
          )}
        </Text>
      ))}
      {failures.map((f) => (
        <Text
          key={f.run_id}
          size="small"
          className="text-ui-fg-error"
          data-testid={`syncguard-connector-reconciliation-failure-${c.name}`}
        >
          The last {f.entity_type} reconciliation {f.status === "abandoned" ? "was abandoned" : "failed"}
          {f.finished_at ? ` ${formatAge(f.finished_at)}` : ""}: {f.error ?? "no reason recorded"}
        </Text>
      ))}
    </div>
  )
}
