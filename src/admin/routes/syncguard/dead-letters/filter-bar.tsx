import { Button, Input, Select } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { AgeKey, AGES, DeadLetterFacets, DeadLetterFilters, isFiltered } from "./filters"

// Radix Select forbids "" as an item value; no connector, entity type or error class is named this
const ALL = "__all__"

type FacetProps = {
  testId: string
  allLabel: string
  value: string | undefined
  options: string[]
  onChange: (value: string | undefined) => void
}

const FacetSelect = ({ testId, allLabel, value, options, onChange }: FacetProps) => {
  // a picked value stays listed after its last dead letter is replayed, so the menu still shows it
  const values = value && !options.includes(value) ? [value, ...options] : options
  return (
    <Select size="small" value={value ?? ALL} onValueChange={(v) => onChange(v === ALL ? undefined : v)}>
      <Select.Trigger className="w-[180px]" data-testid={testId}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        <Select.Item value={ALL}>{allLabel}</Select.Item>
        {values.map((v) => (
          <Select.Item key={v} value={v}>
            {v}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}

type Props = {
  filters: DeadLetterFilters
  facets: DeadLetterFacets | undefined
  onChange: (patch: Partial<DeadLetterFilters>) => void
  onClear: () => void
}

/** The filters of the dead-letter queue; the same ones choose what "Replay all matching" replays. */
export const DeadLetterFilterBar = ({ filters, facets, onChange, onClear }: Props) => {
  const [text, setText] = useState(filters.error_contains ?? "")

  // "Clear filters" empties the text box too
  useEffect(() => setText(filters.error_contains ?? ""), [filters.error_contains])

  // one query once the operator stops typing, not one per key
  useEffect(() => {
    if (text === (filters.error_contains ?? "")) return
    const timer = setTimeout(() => onChange({ error_contains: text || undefined }), 300)
    return () => clearTimeout(timer)
  }, [text, filters.error_contains, onChange])

  return (
    <div className="flex flex-wrap items-center gap-2 px-6 py-4">
      <FacetSelect
        testId="dlq-filter-connector"
        allLabel="All connectors"
        value={filters.connector}
        options={facets?.connectors ?? []}
        onChange={(connector) => onChange({ connector })}
      />
      <FacetSelect
        testId="dlq-filter-entity-type"
        allLabel="All entity types"
        value={filters.entity_type}
        options={facets?.entity_types ?? []}
        onChange={(entity_type) => onChange({ entity_type })}
      />
      <FacetSelect
        testId="dlq-filter-error-class"
        allLabel="All error classes"
        value={filters.error_class}
        options={facets?.error_classes ?? []}
        onChange={(error_class) => onChange({ error_class })}
      />
      <Input
        size="small"
        type="search"
        className="w-[200px]"
        placeholder="Error contains…"
        aria-label="Error contains"
        maxLength={200}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="dlq-filter-error-contains"
      />
      <Select size="small" value={filters.older_than} onValueChange={(v) => onChange({ older_than: v as AgeKey })}>
        <Select.Trigger className="w-[160px]" data-testid="dlq-filter-age">
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          {AGES.map((a) => (
            <Select.Item key={a.key} value={a.key}>
              {a.label}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
      {isFiltered(filters) && (
        <Button size="small" variant="transparent" onClick={onClear} data-testid="dlq-filter-clear">
          Clear filters
        </Button>
      )}
    </div>
  )
}
