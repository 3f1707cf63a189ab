import { useQuery } from "@tanstack/react-query"
import { useSyncguardMutation } from "../../../components/use-syncguard-mutation"
import { sdk, SYNCGUARD_KEY } from "../../../lib/sdk"
import { fieldLabel, regionLabel } from "./rows"
import { MEDUSA_OWNER, type OwnershipMap, type RuleInput } from "./types"

const PATH = "/admin/syncguard/ownership"

export const useOwnershipMap = () =>
  useQuery({
    queryKey: [SYNCGUARD_KEY, "ownership"],
    queryFn: () => sdk.client.fetch<OwnershipMap>(PATH),
  })

const describe = (r: Pick<RuleInput, "entity_type" | "field" | "region">) =>
  `${r.entity_type} · ${fieldLabel(r.field)} · ${regionLabel(r.region)}`

/** Sets one runtime override; the API's refusal (e.g. an unknown owner) is toasted and left on the mutation. */
export const useSetRule = () =>
  useSyncguardMutation({
    mutationFn: (rule: RuleInput) => sdk.client.fetch<OwnershipMap>(PATH, { method: "POST", body: { rules: [rule] } }),
    success: (_, rule) => `${describe(rule)} is now owned by ${rule.owner}`,
  })

export const useRemoveOverride = () =>
  useSyncguardMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ id: string; deleted: boolean }>(`${PATH}/${id}`, { method: "DELETE" }),
    success: () => "Override removed: the configured rule applies again",
  })

/** What a new owner means, for the confirmation. */
export function ownerChangeDescription(rule: RuleInput, previous: string | null): string {
  const change = previous ? `${previous} → ${rule.owner}` : `owner ${rule.owner}`
  const effect =
    rule.owner === MEDUSA_OWNER
      ? "Only Medusa may write it: an inbound write by any connector becomes a field conflict."
      : `Only ${rule.owner} may write it: an inbound write by any other connector becomes a field conflict, and messages to ${rule.owner} no longer carry it.`
  return `${describe(rule)}: ${change}. ${effect} This is a runtime override and replaces any override for the same field and region.`
}
