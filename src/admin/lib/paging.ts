import { useCallback, useEffect, useState } from "react"

/** Rows per page on every syncguard list. */
export const PAGE_SIZE = 20

/** A page of a syncguard list route: the rows under their own name, and the total the filter matches. */
export type Paged<K extends string, T> = { [P in K]: T[] } & { count: number; limit: number; offset: number }

export const pageCountOf = (count: number, pageSize = PAGE_SIZE) => Math.max(1, Math.ceil(count / pageSize))

/** A list's filters and the page it shows; any change of filter starts again at the first page. */
export function usePagedFilters<F extends object>(initial: F) {
  // the first value is the reset target, so callers may pass a fresh literal every render
  const [empty] = useState(initial)
  const [filters, setFilters] = useState(initial)
  const [pageIndex, setPageIndex] = useState(0)
  const changeFilters = useCallback((patch: Partial<F>) => {
    setFilters((f) => ({ ...f, ...patch }))
    setPageIndex(0)
  }, [])
  const clearFilters = useCallback(() => {
    setFilters(empty)
    setPageIndex(0)
  }, [empty])
  return { filters, changeFilters, clearFilters, pageIndex, setPageIndex }
}

/**
 * A replay, a decision or retention can empty the last page: step back to the last page with rows
 * rather than show a blank one. `count` is undefined until a settled answer (not a placeholder) is in.
 */
export function useKeepPageInRange(
  pageIndex: number,
  setPageIndex: (pageIndex: number) => void,
  count: number | undefined,
  pageSize = PAGE_SIZE
) {
  useEffect(() => {
    if (count === undefined) return
    const pageCount = pageCountOf(count, pageSize)
    if (pageIndex >= pageCount) setPageIndex(pageCount - 1)
  }, [count, pageIndex, pageSize, setPageIndex])
}
