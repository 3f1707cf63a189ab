import { Button, Heading, Label, Select, Switch, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { useHealth } from "../../../components/health/queries"
import type { ConnectorHealth } from "../../../components/health/types"
import { formatAge } from "../../../lib/format"
import { errorMessage, sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
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
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const health = useHealth(30_000)
  const connectors = health.data?.connectors ?? []
  const [connector, setConnector] = useState("")
  const [entity, setEntity] = useState<EntityType>("order")
  const [dryRun, setDryRun] = useState(true)
  const selected = connectors.find((c) => c.name === connector)

  // preselect once the connectors are known, without overriding a choice already made
  useEffect(() => {
    if (connector || !connectors.length) return
    setConnector(connectors[0].name)
    setEntity(defaultEntity(connectors[0]))
  }, [connector, connectors])

  const start = useMutation({
    mutationFn: (body: StartBody) =>
      sdk.client.fetch<{ run: ReconciliationRun }>("/admin/syncguard/reconciliation/runs", { method: "POST", body }),
    onSuccess: ({ run }) => {
      toast.success(
        `${run.dry_run ? "Dry run" : "Run"} started: ${run.entity_type} reconciliation of ${run.connector} (${run.id})`
      )
      queryClient.invalidateQueries({ queryKey: [SYNCGUARD_KEY] })
      onStarted(run)
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  const onStart = async () => {
    const body = { connector, entity_type: entity, dry_run: dryRun }
    const ok = await prompt({
      title: dryRun ? `Start a dry run for ${connector}?` : `Start a repairing run for ${connector}?`,
      description: describeRun(body),
      confirmText: "Start run",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (ok) start.mutate(body)
  }

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
            <Select.Content>
              {connectors.map((c) => (
                <Select.Item key={c.name} value={c.name}>
                  {c.name} ({c.kind})
                </Select.Item>
              ))}
            </Select.Content>
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
            <Select.Content>
              {ENTITY_TYPES.map((e) => {
                const last = selected?.reconciliation?.[e]
                return (
                  <Select.Item key={e} value={e}>
                    {ENTITY_LABELS[e]}
                    {last ? ` · last completed ${formatAge(last.last_finished_at)}` : ""}
                  </Select.Item>
                )
              })}
            </Select.Content>
          </Select>
        </div>
        <div className="flex h-8 items-center gap-x-2">
          <Switch id="recon-dry-run" checked={dryRun} onCheckedChange={setDryRun} data-testid="recon-dry-run" />
          <Label size="small" htmlFor="recon-dry-run">
            Dry run (report only, repair nothing)
          </Label>
        </div>
        <Button
          size="small"
          onClick={onStart}
          isLoading={start.isPending}
          disabled={!connector || start.isPending}
          data-testid="recon-start"
        >
          Start run
        </Button>
      </div>
      {health.error && (
        <Text size="small" className="text-ui-fg-error">
          Connectors could not be listed: {errorMessage(health.error)}
        </Text>
      )}
      {start.isError && (
        <Text size="small" className="text-ui-fg-error break-words" data-testid="recon-start-error">
          {errorMessage(start.error)}
        </Text>
      )}
    </div>
  )
}
