import { Badge, Tabs, Text } from "@medusajs/ui"
import { useState } from "react"
import { FindingsTable } from "./findings-table"
import { DRIFT_KINDS, type DriftKind, type ReconciliationRun } from "./types"

type Props = { run: ReconciliationRun; total: number }

/** A run's findings, one tab per kind, each tab with its count. */
export const RunFindings = ({ run, total }: Props) => {
  // until someone picks a tab, follow the first kind with findings (a running run adds them as it goes)
  const [chosen, setChosen] = useState<DriftKind | null>(null)
  const kind = chosen ?? DRIFT_KINDS.find((k) => run[k] > 0) ?? "missing"

  if (total === 0)
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="recon-no-findings">
        {run.status === "running"
          ? `No drift found so far: the run is still comparing ${run.entity_type}s with ${run.connector}`
          : `No drift found: Medusa and ${run.connector} agree on every ${run.entity_type} checked`}
      </Text>
    )

  return (
    <Tabs value={kind} onValueChange={(v) => setChosen(v as DriftKind)}>
      <Tabs.List>
        {DRIFT_KINDS.map((k) => (
          <Tabs.Trigger key={k} value={k} data-testid={`recon-kind-${k}`}>
            <span className="flex items-center gap-x-1.5">
              {k}
              <Badge size="2xsmall" color={run[k] > 0 ? "orange" : "grey"}>
                {run[k]}
              </Badge>
            </span>
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {DRIFT_KINDS.map((k) => (
        <Tabs.Content key={k} value={k} className="pt-4">
          <FindingsTable run={run} kind={k} />
        </Tabs.Content>
      ))}
    </Tabs>
  )
}
