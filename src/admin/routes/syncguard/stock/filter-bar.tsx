import { Label, Select, Switch } from "@medusajs/ui"

// Radix Select forbids "" as an item value; no connector is named this
const ALL = "__all__"

export type StockFilters = { connector?: string; lowStockOnly: boolean }

type Props = {
  filters: StockFilters
  connectors: string[]
  onChange: (patch: Partial<StockFilters>) => void
}

export const StockFilterBar = ({ filters, connectors, onChange }: Props) => {
  // a picked connector stays listed even if the connectors list has not loaded
  const names =
    filters.connector && !connectors.includes(filters.connector) ? [filters.connector, ...connectors] : connectors
  return (
    <div className="flex flex-wrap items-center gap-4 px-6 py-4">
      <Select
        size="small"
        value={filters.connector ?? ALL}
        onValueChange={(v) => onChange({ connector: v === ALL ? undefined : v })}
      >
        <Select.Trigger className="w-[200px]" data-testid="stock-filter-connector">
          <Select.Value />
        </Select.Trigger>
        <Select.Content>
          <Select.Item value={ALL}>All connectors</Select.Item>
          {names.map((name) => (
            <Select.Item key={name} value={name}>
              {name}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
      <div className="flex items-center gap-x-2">
        <Switch
          id="stock-filter-low-stock"
          checked={filters.lowStockOnly}
          onCheckedChange={(lowStockOnly) => onChange({ lowStockOnly })}
          data-testid="stock-filter-low-stock"
        />
        <Label htmlFor="stock-filter-low-stock" size="small">
          Low stock only
        </Label>
      </div>
    </div>
  )
}
