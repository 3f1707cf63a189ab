import { Select, StatusBadge, Table, Text } from "@medusajs/ui"
import { ConfirmButton, useConfirm } from "../../../components/confirm"
import { ErrorLine } from "../../../components/error-line"
import { SelectOptions } from "../../../components/filter-select"
import { ownerColor } from "../../../components/status-colors"
import { formatAge, formatDate } from "../../../lib/format"
import { ownerChangeDescription, useRemoveOverride, useSetRule } from "./api"
import { fieldLabel, fieldToken, type OwnershipRow, regionLabel, ruleLabel } from "./rows"

const Source = ({ row }: { row: OwnershipRow }) => {
  if (!row.decidedBy) return <Text size="small">built-in default (Medusa)</Text>
  if (!row.exact) return <Text size="small">inherited from {ruleLabel(row.decidedBy)}</Text>
  if (row.decidedBy.source === "options") return <Text size="small">configured (plugin options)</Text>
  return (
    <div>
      <Text size="small">runtime override</Text>
      {row.override && (
        <Text size="xsmall" className="text-ui-fg-muted" title={formatDate(row.override.updated_at)}>
          {row.override.updated_by ?? "unknown"} · {formatAge(row.override.updated_at)}
        </Text>
      )}
    </div>
  )
}

export const RuleRow = ({ row, owners }: { row: OwnershipRow; owners: string[] }) => {
  const confirm = useConfirm()
  const setRule = useSetRule()
  const removeOverride = useRemoveOverride()
  const token = fieldToken(row.field)
  const ownerTestId = `ownership-owner-${row.entity_type}-${token}${row.region ? `-${row.region}` : ""}`
  const error = setRule.error ?? removeOverride.error
  const { override } = row

  const changeOwner = (owner: string) => {
    if (owner === row.owner) return
    const rule = { entity_type: row.entity_type, field: row.field, region: row.region, owner }
    confirm(
      {
        title: `Make ${owner} the owner?`,
        description: ownerChangeDescription(rule, row.owner),
        confirmText: "Save owner",
        variant: "confirmation",
      },
      () => setRule.mutate(rule)
    )
  }

  const removeQuestion = () => ({
    title: "Remove the override?",
    description:
      `${row.entity_type} · ${fieldLabel(row.field)} · ${regionLabel(row.region)} is owned by ${row.owner} through a ` +
      "runtime override. Removing it lets the plugin options' rule for this field and region apply again, or, " +
      "without one, the broader rule it inherits from (Medusa when none).",
  })

  return (
    <Table.Row className="[&_td]:py-2 [&_td]:align-top">
      <Table.Cell className={row.field ? "font-mono" : "text-ui-fg-subtle"}>{fieldLabel(row.field)}</Table.Cell>
      <Table.Cell>{regionLabel(row.region)}</Table.Cell>
      <Table.Cell data-testid={ownerTestId}>
        <div className="flex items-center gap-x-2">
          <StatusBadge color={ownerColor(row.owner)}>{row.owner}</StatusBadge>
          <div className="w-40">
            {/* empty value keeps the placeholder: the badge shows the owner, the menu changes it */}
            <Select size="small" value="" onValueChange={changeOwner} disabled={setRule.isPending}>
              <Select.Trigger aria-label={`Change owner of ${row.entity_type} ${fieldLabel(row.field)}`}>
                <Select.Value placeholder="Change owner" />
              </Select.Trigger>
              <SelectOptions options={owners.map((o) => ({ value: o, label: o, disabled: o === row.owner }))} />
            </Select>
          </div>
        </div>
        <ErrorLine error={error} className="mt-1 max-w-[320px]" />
      </Table.Cell>
      <Table.Cell>
        <Source row={row} />
      </Table.Cell>
      <Table.Cell className="text-right">
        {override && (
          <ConfirmButton
            label="Remove override"
            question={removeQuestion}
            onConfirm={() => removeOverride.mutate(override.id)}
            isLoading={removeOverride.isPending}
            data-testid={`ownership-remove-${override.id}`}
          />
        )}
      </Table.Cell>
    </Table.Row>
  )
}
