import type { TrytonAddressDraft, TrytonPartyDraft } from "./map-sale"
import { TrytonRpcError } from "./errors"
import { Call, MappingError, TrytonLookups } from "./lookups"

/** Parties (customers) and their email and addresses, created or updated as Medusa has them. */
export class TrytonParties {
  constructor(private readonly lookups: TrytonLookups) {}

  /** The party whose code is the Medusa customer id; created when missing. */
  async ensureParty(draft: TrytonPartyDraft, call: Call, update = false): Promise<number> {
    const search = () => call<number[]>("party.party", "search", [[["code", "=", draft.code]], 0, 1, null])
    const [existing] = await search()
    if (existing) {
      if (update) {
        if (draft.name !== null) await call("party.party", "write", [[existing], { name: draft.name }])
        if (draft.email) await this.ensureEmail(existing, draft.email, call)
      }
      return existing
    }
    try {
      const [id] = await call<number[]>("party.party", "create", [
        [
          {
            code: draft.code,
            name: draft.name ?? draft.fallbackName ?? draft.code,
            ...(draft.email ? { contact_mechanisms: [["create", [{ type: "email", value: draft.email }]]] } : {}),
          },
        ],
      ])
      return id
    } catch (error) {
      // the code is unique: a concurrent send (the customer's own message) created it first
      if (error instanceof TrytonRpcError && error.kind === "UserError") {
        const [raced] = await search()
        if (raced) return raced
      }
      throw error
    }
  }

  /** The party's first email is the customer's current one (a changed email replaces it). */
  async ensureEmail(party: number, email: string, call: Call): Promise<void> {
    const mechanisms = await call<Array<{ id: number; value: string }>>("party.contact_mechanism", "search_read", [
      [["party", "=", party], ["type", "=", "email"]],
      0,
      null,
      [["sequence", "ASC"], ["id", "ASC"]],
      ["value"],
    ])
    if (mechanisms[0]?.value === email) return
    if (mechanisms.length) {
      await call("party.contact_mechanism", "write", [[mechanisms[0].id], { value: email }])
    } else {
      await call("party.contact_mechanism", "create", [[{ party, type: "email", value: email }]])
    }
  }

  /** An address of the party equal to the order's, created when missing; the party's first otherwise. */
  async ensureAddress(party: number, address: TrytonAddressDraft | null, call: Call): Promise<number> {
    if (address) {
      const country = address.country_code ? await this.lookups.countryId(address.country_code, call) : null
      const domain: unknown[] = [
        ["party", "=", party],
        ["street", "=", address.street],
        ["postal_code", "=", address.postal_code],
        ["city", "=", address.city],
        ["country", "=", country],
      ]
      const [found] = await call<number[]>("party.address", "search", [domain, 0, 1, null])
      if (found) return found
      const [id] = await call<number[]>("party.address", "create", [
        [{ party, name: address.name, street: address.street, city: address.city, postal_code: address.postal_code, country }],
      ])
      return id
    }
    const [first] = await call<number[]>("party.address", "search", [[["party", "=", party]], 0, 1, [["sequence", "ASC"], ["id", "ASC"]]])
    if (!first) throw new MappingError(`Party ${party} has no address and the order has no shipping address: Tryton needs one to quote the sale`)
    return first
  }
}
