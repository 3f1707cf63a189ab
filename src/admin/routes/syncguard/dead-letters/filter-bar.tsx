import { Button, Input } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { AllOrOneSelect, OptionSelect } from "../../../components/filter-select"
import { AgeKey, AGES, DeadLetterFacets, DeadLetterFilters, isFiltered } from "./filters"

const AGE_OPTIONS = AGES.map((a) => ({ value: a.key, label: a.label }))

/** The filters picked from the facets of what is dead now. */
const FACETS = [
  { key: "connector", facet: "connectors", testId: "dlq-filter-connector", allLabel: "All connectors" },
  { key: "entity_type", facet: "entity_types", testId: "dlq-filter-entity-type", allLabel: "All entity types" },
  { key: "error_class", facet: "error_classes", testId: "dlq-filter-error-class", allLabel: "All error classes" },
] as const

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
      {FACETS.map((f) => (
        <AllOrOneSelect
          key={f.key}
          testId={f.testId}
          allLabel={f.allLabel}
          value={filters[f.key]}
          options={facets?.[f.facet] ?? []}
          onChange={(value) => onChange({ [f.key]: value })}
          className="w-[180px]"
        />
      ))}
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
      <OptionSelect
        testId="dlq-filter-age"
        value={filters.older_than}
        options={AGE_OPTIONS}
        onChange={(v) => onChange({ older_than: v as AgeKey })}
        className="w-[160px]"
      />
      {isFiltered(filters) && (
        <Button size="small" variant="transparent" onClick={onClear} data-testid="dlq-filter-clear">
          Clear filters
        </Button>
      )}
    </div>
  )
}
