import { Select } from "@medusajs/ui"
import type { ReactNode } from "react"

export type Option = { value: string; label: ReactNode; disabled?: boolean }

/** A Select's menu; plain strings are their own labels. */
export const SelectOptions = ({ options }: { options: readonly (Option | string)[] }) => (
  <Select.Content>
    {options.map((o) => {
      const { value, label, disabled } = typeof o === "string" ? { value: o, label: o, disabled: undefined } : o
      return (
        <Select.Item key={value} value={value} disabled={disabled}>
          {label}
        </Select.Item>
      )
    })}
  </Select.Content>
)

type OptionSelectProps = {
  value: string
  options: readonly (Option | string)[]
  onChange: (value: string) => void
  testId?: string
  /** for screen readers, where no Label names it */
  label?: string
  /** the trigger's width */
  className?: string
}

/** A small Select over labelled options. */
export const OptionSelect = ({ value, options, onChange, testId, label, className }: OptionSelectProps) => (
  <Select size="small" value={value} onValueChange={onChange}>
    <Select.Trigger className={className} data-testid={testId} aria-label={label}>
      <Select.Value />
    </Select.Trigger>
    <SelectOptions options={options} />
  </Select>
)

// Radix Select forbids "" as an item value; no connector, entity type, status or error class is named this
const ALL = "__all__"

type AllOrOneProps = Omit<OptionSelectProps, "value" | "options" | "onChange"> & {
  value: string | undefined
  options: readonly string[]
  /** "All connectors": the item that means no filter */
  allLabel: string
  onChange: (value: string | undefined) => void
}

/** A filter: everything, or one of the options. A picked value stays listed when it drops out of them. */
export const AllOrOneSelect = ({ value, options, allLabel, onChange, ...props }: AllOrOneProps) => {
  // e.g. its last dead letter was replayed, or the list of names has not loaded yet
  const values = value && !options.includes(value) ? [value, ...options] : options
  return (
    <OptionSelect
      {...props}
      value={value ?? ALL}
      options={[{ value: ALL, label: allLabel }, ...values]}
      onChange={(v) => onChange(v === ALL ? undefined : v)}
    />
  )
}
