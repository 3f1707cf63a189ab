/** The slice of MikroORM's entity manager the raw statements use (`manager.execute`). */
export type Sql = { execute(query: string, params?: unknown[]): Promise<any> }

export const OUTBOX = "syncguard_outbox_message"

/** `?, ?, ?` for a list of values. */
export const placeholders = (values: unknown[]) => values.map(() => "?").join(", ")

/** A listing's conditions: not deleted, and `key = ?` for each of `keys` the filter sets. */
export function whereEquals<F extends object>(filter: F, keys: ReadonlyArray<keyof F & string>) {
  const where = ["deleted_at IS NULL"]
  const params: unknown[] = []
  for (const key of keys) {
    if (filter[key]) {
      where.push(`${key} = ?`)
      params.push(filter[key])
    }
  }
  return { where, params }
}
