import { Button, Select, StatusBadge, Table, Text, usePrompt } from "@medusajs/ui"
import { formatAge, formatDate } from "../../../lib/format"
import { errorMessage } from "../../../lib/sdk"
import { ownerChangeDescription, useRemoveOverride, useSetRule } from "./api"
import { fieldLabel, fieldToken, type OwnershipRow, regionLabel, ruleLabel } from "./rows"
import { MEDUSA_OWNER } from "./types"

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
  const prompt = usePrompt()
  const setRule = useSetRule()
  const removeOverride = useRemoveOverride()
  const token = fieldToken(row.field)
  const ownerTestId = `ownership-owner-${row.entity_type}-${token}${row.region ? `-${row.region}` : ""}`
  const error = setRule.error ?? removeOverride.error

  const changeOwner = async (owner: string) => {
    if (owner === row.owner) return
    const rule = { entity_type: row.entity_type, field: row.field, region: row.region, owner }
    const ok = await prompt({
      title: `Make ${owner} the owner?`,
      description: ownerChangeDescription(rule, row.owner),
      confirmText: "Save owner",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (ok) setRule.mutate(rule)
  }

  const remove = async () => {
    if (!row.override) return
    const ok = await prompt({
      title: "Remove the override?",
      description:
        `${row.entity_type} · ${fieldLabel(row.field)} · ${regionLabel(row.region)} is owned by ${row.owner} through a ` +
        "runtime override. Removing it lets the plugin options' rule for this field and region apply again, or, " +
        "without one, the broader rule it inherits from (Medusa when none).",
      confirmText: "Remove override",
      cancelText: "Cancel",
    })
    if (ok) removeOverride.mutate(row.override.id)
  }

  return (
    <Table.Row className="[&_td]:py-2 [&_td]:align-top">
      <Table.Cell className={row.field ? "font-mono" : "text-ui-fg-subtle"}>{fieldLabel(row.field)}</Table.Cell>
      <Table.Cell>{regionLabel(row.region)}</Table.Cell>
      <Table.Cell data-testid={ownerTestId}>
        <div className="flex items-center gap-x-2">
          <StatusBadge color={row.owner === MEDUSA_OWNER ? "blue" : "purple"}>{row.owner}</StatusBadge>
          <div className="w-40">
            {/* empty value keeps the placeholder: the badge shows the owner, the menu changes it */}
            <Select size="small" value="" onValueChange={changeOwner} disabled={setRule.isPending}>
              <Select.Trigger aria-label={`Change owner of ${row.entity_type} ${fieldLabel(row.field)}`}>
                <Select.Value placeholder="Change owner" />
              </Select.Trigger>
              <Select.Content>
                {owners.map((o) => (
                  <Select.Item key={o} value={o} disabled={o === row.owner}>
                    {o}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        </div>
        {error && (
          <Text size="xsmall" className="text-ui-fg-error mt-1 max-w-[320px]">
            {errorMessage(error)}
          </Text>
        )}
      </Table.Cell>
      <Table.Cell>
        <Source row={row} />
      </Table.Cell>
      <Table.Cell className="text-right">
        {row.override && (
          <Button
            size="small"
            variant="secondary"
            onClick={remove}
            isLoading={removeOverride.isPending}
            data-testid={`ownership-remove-${row.override.id}`}
          >
            Remove override
          </Button>
        )}
      </Table.Cell>
    </Table.Row>
  )
}
