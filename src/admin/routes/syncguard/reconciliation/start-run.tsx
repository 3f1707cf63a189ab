import { Heading, Label, Select, Switch, Text } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { ConfirmButton } from "../../../components/confirm"
import { ErrorLine } from "../../../components/error-line"
import { SelectOptions } from "../../../components/filter-select"
import { useHealth } from "../../../components/health/queries"
import type { ConnectorHealth } from "../../../components/health/types"
import { formatAge } from "../../../lib/format"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { errorMessage, sdk } from "../../../lib/sdk"
import { ENTITY_TYPES, type EntityType, type ReconciliationRun } from "./types"

const ENTITY_LABELS: Record<EntityType, string> = { order: "Orders", inventory: "Inventory", customer: "Customers" }

type StartBody = { connector: string; entity_type: EntityType; dry_run: boolean }

function describeRun({ connector, entity_type, dry_run }: StartBody): string {
  const what = `Compare every ${entity_type} changed in the run's window between Medusa and ${connector}`
  return dry_run
    ? `${what} and report what differs. Dry run: nothing is repaired and the schedule's cursor does not move.`
    : `${what}. A repairing run fixes what is safe to fix unattended as it finds it (records missing on ` +
        `${connector} are sent again through the outbox), leaves every other finding here for your decision, ` +
        `and moves the schedule's cursor forward when it completes.`
}

/** The entity type a connector reconciles first (health lists the ones it has reconciled before). */
const defaultEntity = (connector: ConnectorHealth | undefined): EntityType =>
  ENTITY_TYPES.find((e) => connector?.reconciliation?.[e]) ?? "order"

/** Starts a run now; the API refuses a type the connector cannot compare, or one already running. */
export const StartRun = ({ onStarted }: { onStarted: (run: ReconciliationRun) => void }) => {
  const health = useHealth(30_000)
  const connectors = health.data?.connectors ?? []
  const [connector, setConnector] = useState("")
  const [entity, setEntity] = useState<EntityType>("order")
  const [dryRun, setDryRun] = useState(true)
  const selected = connectors.find((c) => c.name === connector)

  const entityLabel = (e: EntityType) => {
    const last = selected?.reconciliation?.[e]
    return `${ENTITY_LABELS[e]}${last ? ` · last completed ${formatAge(last.last_finished_at)}` : ""}`
  }

  // preselect once the connectors are known, without overriding a choice already made
  useEffect(() => {
    if (connector || !connectors.length) return
    setConnector(connectors[0].name)
    setEntity(defaultEntity(connectors[0]))
  }, [connector, connectors])

  const start = useSyncguardMutation({
    mutationFn: (body: StartBody) =>
      sdk.client.fetch<{ run: ReconciliationRun }>("/admin/syncguard/reconciliation/runs", { method: "POST", body }),
    success: ({ run }) =>
      `${run.dry_run ? "Dry run" : "Run"} started: ${run.entity_type} reconciliation of ${run.connector} (${run.id})`,
    onSuccess: ({ run }) => onStarted(run),
  })

  const body: StartBody = { connector, entity_type: entity, dry_run: dryRun }
  const question = () => ({
    title: dryRun ? `Start a dry run for ${connector}?` : `Start a repairing run for ${connector}?`,
    description: describeRun(body),
    variant: "confirmation" as const,
  })

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="recon-start-form">
      <Heading level="h2">Start a run</Heading>
      <div className="flex flex-wrap items-end gap-4">
        <div className="flex w-56 flex-col gap-y-1">
          <Label size="small" htmlFor="recon-connector">
            Connector
          </Label>
          <Select
            size="small"
            value={connector}
            onValueChange={(name) => {
              setConnector(name)
              setEntity(defaultEntity(connectors.find((c) => c.name === name)))
            }}
            disabled={!connectors.length}
          >
            <Select.Trigger id="recon-connector" data-testid="recon-connector">
              <Select.Value placeholder={health.isLoading ? "Loading…" : "No connector configured"} />
            </Select.Trigger>
            <SelectOptions options={connectors.map((c) => ({ value: c.name, label: `${c.name} (${c.kind})` }))} />
          </Select>
        </div>
        <div className="flex w-72 flex-col gap-y-1">
          <Label size="small" htmlFor="recon-entity">
            Entity type
          </Label>
          <Select size="small" value={entity} onValueChange={(v) => setEntity(v as EntityType)}>
            <Select.Trigger id="recon-entity" data-testid="recon-entity">
              <Select.Value />
            </Select.Trigger>
            <SelectOptions options={ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e) }))} />
          </Select>
        </div>
        <div className="flex h-8 items-center gap-x-2">
          <Switch id="recon-dry-run" checked={dryRun} onCheckedChange={setDryRun} data-testid="recon-dry-run" />
          <Label size="small" htmlFor="recon-dry-run">
            Dry run (report only, repair nothing)
          </Label>
        </div>
        <ConfirmButton
          label="Start run"
          variant="primary"
          question={question}
          onConfirm={() => start.mutate(body)}
          isLoading={start.isPending}
          disabled={!connector || start.isPending}
          data-testid="recon-start"
        />
      </div>
      {health.error && (
        <Text size="small" className="text-ui-fg-error">
          Connectors could not be listed: {errorMessage(health.error)}
        </Text>
      )}
      <ErrorLine error={start.error} size="small" testId="recon-start-error" />
    </div>
  )
}
