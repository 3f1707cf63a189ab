import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { PAGE_SIZE, useKeepPageInRange, usePagedFilters } from "../lib/paging"
import { SYNCGUARD_KEY } from "../lib/sdk"

type Page = { limit: number; offset: number }

/**
 * A filtered, server-paged list that refreshes itself every 5 s. The previous page (and its facets)
 * stays on screen while another loads; when a replay, a decision or retention empties the last page,
 * it steps back to the last page with rows. `fetchPage` runs per fetch, so relative filters
 * ("older than 1 h") move with the clock while polling.
 */
export function usePagedList<F extends object, T extends { count: number }>(
  name: string,
  initialFilters: F,
  fetchPage: (filters: F, page: Page) => Promise<T>
) {
  const { filters, changeFilters, clearFilters, pageIndex, setPageIndex } = usePagedFilters(initialFilters)
  const query = useQuery({
    queryKey: [SYNCGUARD_KEY, name, filters, pageIndex],
    queryFn: () => fetchPage(filters, { limit: PAGE_SIZE, offset: pageIndex * PAGE_SIZE }),
    refetchInterval: 5000,
    placeholderData: keepPreviousData,
  })
  const settled = query.data && !query.isPlaceholderData ? query.data.count : undefined
  useKeepPageInRange(pageIndex, setPageIndex, settled)

  const count = query.data?.count ?? 0
  return {
    query,
    count,
    filters,
    changeFilters,
    clearFilters,
    paging: { count, pageIndex, onPageChange: setPageIndex },
  }
}
