import { Table } from "@medusajs/ui"
import { PAGE_SIZE, pageCountOf } from "../lib/paging"

export type PagingProps = {
  count: number
  pageIndex: number
  onPageChange: (pageIndex: number) => void
  pageSize?: number
}

/** The "1 — 20 of 45 results · Prev / Next" footer of a server-paged list. */
export const TablePagination = ({ count, pageIndex, onPageChange, pageSize = PAGE_SIZE }: PagingProps) => {
  const pageCount = pageCountOf(count, pageSize)
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={pageIndex}
      pageCount={pageCount}
      canPreviousPage={pageIndex > 0}
      canNextPage={pageIndex + 1 < pageCount}
      previousPage={() => onPageChange(Math.max(0, pageIndex - 1))}
      nextPage={() => onPageChange(pageIndex + 1)}
    />
  )
}
