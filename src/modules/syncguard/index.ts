import { Module } from "@medusajs/framework/utils"
import SyncguardModuleService from "./service"

export const SYNCGUARD_MODULE = "syncguard"

export default Module(SYNCGUARD_MODULE, {
  service: SyncguardModuleService,
})

export * from "./types"
export { SyncguardModuleService }
