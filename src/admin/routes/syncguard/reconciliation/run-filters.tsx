import { Button } from "@medusajs/ui"
import { AllOrOneSelect } from "../../../components/filter-select"
import type { RunFilters } from "./queries"
import { ENTITY_TYPES, RUN_STATUSES } from "./types"

type Props = {
  filters: RunFilters
  connectors: string[]
  onChange: (patch: Partial<RunFilters>) => void
  onClear: () => void
}

export const isFiltered = (f: RunFilters) => Boolean(f.connector || f.entity_type || f.status)

export const RunFilterBar = ({ filters, connectors, onChange, onClear }: Props) => {
  const selects = [
    {
      key: "connector",
      label: "Connector",
      testId: "recon-filter-connector",
      allLabel: "All connectors",
      options: connectors,
    },
    {
      key: "entity_type",
      label: "Entity type",
      testId: "recon-filter-entity",
      allLabel: "All entity types",
      options: ENTITY_TYPES,
    },
    { key: "status", label: "Status", testId: "recon-filter-status", allLabel: "All statuses", options: RUN_STATUSES },
  ] as const
  return (
    <div className="flex flex-wrap items-center gap-2">
      {selects.map((s) => (
        <AllOrOneSelect
          key={s.key}
          label={s.label}
          testId={s.testId}
          value={filters[s.key]}
          options={s.options}
          allLabel={s.allLabel}
          // the options are the API's own values for this key
          onChange={(value) => onChange({ [s.key]: value } as Partial<RunFilters>)}
          className="w-44"
        />
      ))}
      {isFiltered(filters) && (
        <Button size="small" variant="transparent" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </div>
  )
}
