/** The slice of MikroORM's entity manager the raw statements use (`manager.execute`). */
export type Sql = { execute(query: string, params?: unknown[]): Promise<any> }

export const OUTBOX = "syncguard_outbox_message"

/** `?, ?, ?` for a list of values. */
export const placeholders = (values: unknown[]) => values.map(() => "?").join(", ")
