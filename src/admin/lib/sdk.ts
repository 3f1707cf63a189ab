import Medusa from "@medusajs/js-sdk"

// The host build replaces __BACKEND_URL__; a plugin's admin bundle cannot read import.meta.env.
const backendUrl = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"

export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: { type: "session" },
})

/** Every syncguard query key starts with this, so one invalidation refreshes every view after a change. */
export const SYNCGUARD_KEY = "syncguard"

/** What the API said went wrong: FetchError carries the route's message (a 4xx names the bad field). */
export function errorMessage(error: unknown): string {
  if (!error) return "Unknown error"
  const e = error as { message?: string; status?: number; statusText?: string }
  const message = e.message || e.statusText || String(error)
  return e.status ? `${message} (HTTP ${e.status})` : message
}
