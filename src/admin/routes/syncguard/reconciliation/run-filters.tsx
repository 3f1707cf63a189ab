import { Button, Select } from "@medusajs/ui"
import type { RunFilters } from "./queries"
import { ENTITY_TYPES, RUN_STATUSES, type EntityType, type RunStatus } from "./types"

const ALL = "all"

type FilterSelectProps = {
  label: string
  testId: string
  value: string | undefined
  options: readonly string[]
  allLabel: string
  onChange: (value: string | undefined) => void
}

const FilterSelect = ({ label, testId, value, options, allLabel, onChange }: FilterSelectProps) => (
  <div className="w-44">
    <Select size="small" value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
      <Select.Trigger aria-label={label} data-testid={testId}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        <Select.Item value={ALL}>{allLabel}</Select.Item>
        {options.map((o) => (
          <Select.Item key={o} value={o}>
            {o}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)

type Props = { filters: RunFilters; connectors: string[]; onChange: (filters: RunFilters) => void }

export const RunFilterBar = ({ filters, connectors, onChange }: Props) => {
  const filtered = Boolean(filters.connector || filters.entity_type || filters.status)
  return (
    <div className="flex flex-wrap items-center gap-2">
      <FilterSelect
        label="Connector"
        testId="recon-filter-connector"
        value={filters.connector}
        options={connectors}
        allLabel="All connectors"
        onChange={(connector) => onChange({ ...filters, connector })}
      />
      <FilterSelect
        label="Entity type"
        testId="recon-filter-entity"
        value={filters.entity_type}
        options={ENTITY_TYPES}
        allLabel="All entity types"
        onChange={(v) => onChange({ ...filters, entity_type: v as EntityType | undefined })}
      />
      <FilterSelect
        label="Status"
        testId="recon-filter-status"
        value={filters.status}
        options={RUN_STATUSES}
        allLabel="All statuses"
        onChange={(v) => onChange({ ...filters, status: v as RunStatus | undefined })}
      />
      {filtered && (
        <Button size="small" variant="transparent" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </div>
  )
}
