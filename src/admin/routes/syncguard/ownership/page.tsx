import { defineRouteConfig } from "@medusajs/admin-sdk"
import { Container, Text } from "@medusajs/ui"
import { PageHeader } from "../../../components/page-header"
import { QueryState } from "../../../components/query-state"
import { AddRuleForm } from "./add-rule-form"
import { useOwnershipMap } from "./api"
import { EntityTable } from "./entity-table"

const OwnershipPage = () => {
  const { data, isLoading, error } = useOwnershipMap()
  const entities = Object.keys(data?.fields ?? {})

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="p-0">
        <PageHeader
          title="Field ownership"
          description="Which system may write each synced field. An inbound write by a non-owner is held as a field conflict; an outbound message never writes a field its receiver owns. The most specific rule wins: field and region, then field, then the entity's default (per region, then overall), then Medusa."
        >
          {data && (
            <Text size="small" className="text-ui-fg-subtle mt-1">
              Owners: {data.owners.join(", ")}
            </Text>
          )}
        </PageHeader>
      </Container>
      <QueryState
        isLoading={isLoading}
        error={error}
        isEmpty={entities.length === 0}
        empty="No ownable fields — this build syncs no fields inbound, so there is nothing to own"
      >
        {data && (
          <>
            <AddRuleForm map={data} />
            {entities.map((entity) => (
              <EntityTable key={entity} map={data} entity={entity} />
            ))}
          </>
        )}
      </QueryState>
    </div>
  )
}

export const config = defineRouteConfig({ label: "Field ownership", rank: 3 })

export const handle = { breadcrumb: () => "Field ownership" }

export default OwnershipPage
