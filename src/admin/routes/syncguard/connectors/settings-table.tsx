import { Badge, Table, Text } from "@medusajs/ui"
import { TableHead } from "../../../components/table-head"
import { flattenSettings, isHidden, showValue } from "./flatten"

/** The connector's options as configured, one row per leaf; credentials never reach the browser. */
export const SettingsTable = ({ name, settings }: { name: string; settings: unknown }) => {
  const rows = flattenSettings(settings)
  if (rows.length === 0)
    return (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        No options configured: {name} runs on its defaults.
      </Text>
    )
  return (
    <div className="overflow-x-auto">
      <Table>
        <TableHead columns={["Setting", "Value"]} />
        <Table.Body>
          {rows.map(({ key, value }) => (
            <Table.Row key={key} data-testid={`connector-setting-${name}-${key}`}>
              <Table.Cell className="font-mono whitespace-nowrap">{key}</Table.Cell>
              <Table.Cell className="font-mono break-all whitespace-normal">
                {isHidden(value) ? (
                  <Badge size="2xsmall" color="grey" title="a credential: not shown">
                    hidden
                  </Badge>
                ) : (
                  showValue(value)
                )}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  )
}
