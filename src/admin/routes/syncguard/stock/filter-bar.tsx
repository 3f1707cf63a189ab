import { Label, Switch } from "@medusajs/ui"
import { AllOrOneSelect } from "../../../components/filter-select"

export type StockFilters = { connector?: string; lowStockOnly: boolean }

type Props = {
  filters: StockFilters
  connectors: string[]
  onChange: (patch: Partial<StockFilters>) => void
}

export const StockFilterBar = ({ filters, connectors, onChange }: Props) => (
  <div className="flex flex-wrap items-center gap-4 px-6 py-4">
    <AllOrOneSelect
      testId="stock-filter-connector"
      allLabel="All connectors"
      value={filters.connector}
      options={connectors}
      onChange={(connector) => onChange({ connector })}
      className="w-[200px]"
    />
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
