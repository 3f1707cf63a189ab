import { Module } from "@medusajs/framework/utils"
import connectorsLoader from "./loaders/connectors"
import SyncguardModuleService from "./service"

export const SYNCGUARD_MODULE = "syncguard"

export default Module(SYNCGUARD_MODULE, {
  service: SyncguardModuleService,
  loaders: [connectorsLoader],
})

export * from "./types"
export { SyncguardModuleService }
