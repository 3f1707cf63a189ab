import { Drawer, Heading, Text } from "@medusajs/ui"
import { QueryState } from "../../../components/query-state"
import { errorMessage } from "../../../lib/sdk"
import { useRun } from "./queries"
import { RunFindings } from "./run-findings"
import { RunSummary } from "./run-summary"

type Props = { runId: string | null; onClose: () => void }

/** One run, live while it runs: its window and counts, then its findings by kind with their repairs. */
export const RunDrawer = ({ runId, onClose }: Props) => {
  const { data, isLoading, error } = useRun(runId)

  return (
    <Drawer open={runId !== null} onOpenChange={(open) => !open && onClose()}>
      {/* wider than the default 560 px: ours and theirs sit side by side */}
      <Drawer.Content className="sm:max-w-[1100px]" data-testid="recon-run-detail">
        <Drawer.Header>
          <Drawer.Title asChild>
            <Heading>Reconciliation run</Heading>
          </Drawer.Title>
          <Drawer.Description className="text-ui-fg-subtle">
            {data ? `${data.run.entity_type} reconciliation of ${data.run.connector}` : runId}
          </Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-6 overflow-y-auto">
          {/* a failed refresh keeps the run on screen, under the error */}
          {data && error && (
            <Text size="small" className="text-ui-fg-error">
              {errorMessage(error)}
            </Text>
          )}
          <QueryState isLoading={isLoading} error={data ? null : error}>
            {data && (
              <>
                <RunSummary run={data.run} />
                <div className="flex flex-col gap-y-3">
                  <Heading level="h3">Findings</Heading>
                  <RunFindings key={data.run.id} run={data.run} total={data.count} />
                </div>
              </>
            )}
          </QueryState>
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
