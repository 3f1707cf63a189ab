import { Button, Container, Input, Label, Select, Text } from "@medusajs/ui"
import { type FormEvent, type ReactNode, useState } from "react"
import { useConfirm } from "../../../components/confirm"
import { SelectOptions } from "../../../components/filter-select"
import { PageHeader } from "../../../components/page-header"
import { errorMessage } from "../../../lib/sdk"
import { ownerChangeDescription, useSetRule } from "./api"
import type { OwnershipMap, RuleInput } from "./types"

// Radix Select items cannot carry "", so the entity default (field null) needs a value of its own
const ENTITY_DEFAULT = "__entity_default"
const REGION_MAX = 100

type Draft = { entity: string; field: string; region: string; owner: string }
type Errors = Partial<Record<keyof Draft, string>>

function validate(draft: Draft, map: OwnershipMap): Errors {
  const errors: Errors = {}
  if (!draft.entity) errors.entity = "Pick an entity"
  if (!draft.field) errors.field = "Pick a field"
  else if (draft.field !== ENTITY_DEFAULT && !map.fields[draft.entity]?.includes(draft.field))
    errors.field = `${draft.entity} has no ownable field "${draft.field}"`
  if (draft.region.trim().length > REGION_MAX) errors.region = `A region id is at most ${REGION_MAX} characters`
  if (!draft.owner) errors.owner = "Pick an owner"
  return errors
}

const Field = ({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
    </Label>
    {children}
    {error && (
      <Text size="xsmall" className="text-ui-fg-error" data-testid={`${id}-error`}>
        {error}
      </Text>
    )}
  </div>
)

/** Adds a runtime override for any (entity, field, region); the API has the last word on owners. */
export const AddRuleForm = ({ map }: { map: OwnershipMap }) => {
  const confirm = useConfirm()
  const setRule = useSetRule()
  const [draft, setDraft] = useState<Draft>({ entity: "", field: "", region: "", owner: "" })
  const [errors, setErrors] = useState<Errors>({})
  const entities = Object.keys(map.fields)

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setErrors((e) => ({ ...e, ...Object.fromEntries(Object.keys(patch).map((k) => [k, undefined])) }))
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const found = validate(draft, map)
    setErrors(found)
    if (Object.keys(found).length) return
    const region = draft.region.trim().toLowerCase() || null
    const rule: RuleInput = {
      entity_type: draft.entity,
      field: draft.field === ENTITY_DEFAULT ? null : draft.field,
      region,
      owner: draft.owner,
    }
    const current = map.rules.find(
      (r) => r.entity_type === rule.entity_type && r.field === rule.field && r.region === rule.region
    )
    confirm(
      {
        title: "Add this ownership rule?",
        description:
          ownerChangeDescription(rule, current?.owner ?? null) +
          (current ? ` It replaces the current ${current.source === "options" ? "configured" : "override"} rule.` : ""),
        confirmText: "Add rule",
        variant: "confirmation",
      },
      () => setRule.mutate(rule, { onSuccess: () => setDraft((d) => ({ ...d, field: "", region: "", owner: "" })) })
    )
  }

  return (
    <Container className="divide-y p-0">
      <PageHeader
        level="h2"
        title="Add rule"
        description="Sets a runtime override; it replaces any override for the same entity, field and region."
      />
      <form onSubmit={submit} noValidate className="flex flex-col gap-y-3 px-6 py-4" data-testid="ownership-add-form">
        <div className="grid grid-cols-1 gap-4 md:grid-cols-4">
          <Field id="ownership-add-entity" label="Entity" error={errors.entity}>
            <Select value={draft.entity} onValueChange={(entity) => update({ entity, field: "" })}>
              <Select.Trigger id="ownership-add-entity" aria-invalid={!!errors.entity}>
                <Select.Value placeholder="Pick an entity" />
              </Select.Trigger>
              <SelectOptions options={entities} />
            </Select>
          </Field>
          <Field id="ownership-add-field" label="Field" error={errors.field}>
            <Select
              key={draft.entity}
              value={draft.field}
              onValueChange={(field) => update({ field })}
              disabled={!draft.entity}
            >
              <Select.Trigger id="ownership-add-field" aria-invalid={!!errors.field}>
                <Select.Value placeholder={draft.entity ? "Pick a field" : "Pick an entity first"} />
              </Select.Trigger>
              <SelectOptions
                options={[
                  { value: ENTITY_DEFAULT, label: "All fields (entity default)" },
                  ...(map.fields[draft.entity] ?? []),
                ]}
              />
            </Select>
          </Field>
          <Field id="ownership-add-region" label="Region id (optional)" error={errors.region}>
            <Input
              id="ownership-add-region"
              placeholder="all regions"
              value={draft.region}
              onChange={(e) => update({ region: e.target.value })}
              aria-invalid={!!errors.region}
            />
          </Field>
          <Field id="ownership-add-owner" label="Owner" error={errors.owner}>
            <Select value={draft.owner} onValueChange={(owner) => update({ owner })}>
              <Select.Trigger id="ownership-add-owner" aria-invalid={!!errors.owner}>
                <Select.Value placeholder="Pick an owner" />
              </Select.Trigger>
              <SelectOptions options={map.owners} />
            </Select>
          </Field>
        </div>
        <div className="flex items-center justify-between gap-x-4">
          {/* the API's words as they came: it knows the running connectors, this form may be stale */}
          <Text size="small" className="text-ui-fg-error" data-testid="ownership-add-api-error">
            {setRule.isError ? errorMessage(setRule.error) : null}
          </Text>
          <Button type="submit" size="small" isLoading={setRule.isPending} data-testid="ownership-add-submit">
            Add rule
          </Button>
        </div>
      </form>
    </Container>
  )
}
