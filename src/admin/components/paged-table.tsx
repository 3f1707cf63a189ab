import { Table, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { type Column, TableHead } from "./table-head"
import { type PagingProps, TablePagination } from "./table-pagination"

type Props = PagingProps & {
  columns: readonly Column[]
  /** rows on this page: none while the page steps back after its last row went */
  rowCount: number
  children: ReactNode
}

/** One page of a list as a table, with the paging footer under it. */
export const PagedTable = ({ columns, rowCount, children, ...paging }: Props) => (
  <div className="flex flex-col">
    <div className="overflow-x-auto">
      <Table>
        <TableHead columns={columns} />
        <Table.Body>{children}</Table.Body>
      </Table>
    </div>
    {rowCount === 0 && (
      <Text size="small" className="text-ui-fg-subtle px-6 py-4">
        Nothing on this page.
      </Text>
    )}
    <TablePagination {...paging} />
  </div>
)
