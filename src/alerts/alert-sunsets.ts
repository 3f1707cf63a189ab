import type { MedusaContainer } from "@medusajs/framework/types"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"
import { raiseAlert } from "./raise-alert"

/**
 * One alert per endpoint whose announced sunset came within the horizon (the claim in the
 * database makes it one across processes; a moved sunset alerts again).
 */
export async function alertSunsets(container: MedusaContainer): Promise<number> {
  const syncguard = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE)
  const due = await syncguard.takeDeprecationsToAlert()
  for (const n of due) {
    const sunset = n.sunset_at ? new Date(n.sunset_at).toISOString() : "an unannounced date"
    await raiseAlert(container, {
      kind: "api_sunset",
      message: `${n.connector}: ${n.endpoint}${n.media_type ? ` (${n.media_type})` : ""} is deprecated and will be switched off on ${sunset}${n.link ? `; see ${n.link}` : ""}`,
      data: {
        connector: n.connector,
        endpoint: n.endpoint,
        media_type: n.media_type || null,
        deprecation: n.deprecation,
        sunset,
        link: n.link,
        first_seen_at: n.first_seen_at,
      },
    })
  }
  return due.length
}
