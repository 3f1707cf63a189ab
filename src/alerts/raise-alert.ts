import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import axios from "axios"
import { SYNCGUARD_MODULE } from "../modules/syncguard"
import type SyncguardModuleService from "../modules/syncguard/service"

export type AlertKind =
  | "dead_letter"
  | "scope_violation"
  | "invoices_closed"
  | "api_sunset"
  | "oversold"
  | "marketplace_order_rejected"
  | "low_stock"
  | "field_conflict"
  | "inbound_dead"
  | "reconciliation_drift"

export type Alert = { kind: AlertKind; message: string; data?: Record<string, unknown> }

/**
 * Makes a failure loud: always the logger at error level, then Medusa's Notification module
 * and an alert webhook when configured. An alert channel that fails is logged, never thrown:
 * the thing being alerted about matters more than the alert.
 */
export async function raiseAlert(container: MedusaContainer, alert: Alert): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const options = container.resolve<SyncguardModuleService>(SYNCGUARD_MODULE).config.alerts
  const payload = { ...alert, source: "syncguard", at: new Date().toISOString() }
  logger.error(`syncguard alert [${alert.kind}]: ${alert.message}`)

  const sends: Promise<unknown>[] = []
  if (options?.notification && container.hasRegistration(Modules.NOTIFICATION)) {
    const { channel, to, template } = options.notification
    sends.push(container.resolve(Modules.NOTIFICATION).createNotifications({ to, channel, template, data: payload }))
  }
  if (options?.webhookUrl) {
    sends.push(axios.post(options.webhookUrl, payload, { timeout: 5000 }))
  }
  const results = await Promise.allSettled(sends)
  for (const r of results) {
    if (r.status === "rejected") {
      logger.warn(`syncguard: an alert channel failed: ${(r.reason as Error)?.message}`)
    }
  }
}
