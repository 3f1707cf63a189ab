import type { BolApi, BolAnswer } from "./bol-api"
import { BOL_ENDPOINTS } from "./endpoints"

export type OfferMatch = "reference" | "ean"

/** What the offer list tells us about one offer. */
export type BolOffer = { offerId: string; reference: string | null; ean: string | null; amount: number | null }

type Cached = { offer: BolOffer | null; at: number }

export type OfferLookup = { offer: BolOffer | null } | { failure: BolAnswer }

const PAGE_SIZE = 100
/** a walk of the whole list stops here (100 000 offers) rather than run forever on a cursor that loops */
const MAX_PAGES = 1000

/**
 * Which bol offer publishes a variant: matched by the offer's `reference` (our SKU) or its EAN
 * (the variant's barcode). Resolved from the v11 offer list (the first use walks the whole list
 * by cursor; a key not seen there is looked up with the list's own filter) and cached for
 * `cacheMs`, misses included, so a burst of stock changes costs no lookups.
 */
export class OfferDirectory {
  private readonly cache = new Map<string, Cached>()
  private walked: Promise<void> | null = null
  private walkedAt = 0

  constructor(
    private readonly api: BolApi,
    private readonly match: OfferMatch,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now
  ) {}

  async find(key: string, beforeSend?: () => Promise<void>): Promise<OfferLookup> {
    const cached = this.fresh(key)
    if (cached) return { offer: cached.offer }
    if (!this.walked || this.now() - this.walkedAt > this.cacheMs) {
      // one walk at a time: concurrent finds wait for the walk under way
      this.walkedAt = this.now()
      this.walked = this.walkAll(beforeSend).catch((error) => {
        this.walked = null
        throw error
      })
    }
    try {
      await this.walked
    } catch {
      // the walk is an optimisation: the filtered lookup below still answers
    }
    const walked = this.fresh(key)
    if (walked) return { offer: walked.offer }
    return this.lookup(key, beforeSend)
  }

  /** Forgets one key (its offer was deleted or re-created on bol). */
  forget(key: string): void {
    this.cache.delete(key)
  }

  private fresh(key: string): Cached | null {
    const cached = this.cache.get(key)
    return cached && this.now() - cached.at <= this.cacheMs ? cached : null
  }

  private keyOf(offer: BolOffer): string | null {
    return this.match === "reference" ? offer.reference : offer.ean
  }

  private async walkAll(beforeSend?: () => Promise<void>): Promise<void> {
    let cursor: string | undefined
    const at = this.walkedAt
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.api.call({
        endpoint: BOL_ENDPOINTS.listOffers,
        query: { "page-size": PAGE_SIZE, cursor },
        beforeSend,
      })
      if (answer.status !== 200) throw new Error(`offer list answered HTTP ${answer.status}`)
      for (const offer of offersOf(answer.data)) {
        const key = this.keyOf(offer)
        if (key) this.cache.set(key, { offer, at })
      }
      cursor = answer.data?.page?.nextCursor ?? undefined
      if (!cursor) break
    }
  }

  private async lookup(key: string, beforeSend?: () => Promise<void>): Promise<OfferLookup> {
    const filter = this.match === "reference" ? { reference: key } : { eans: [key] }
    let cursor: string | undefined
    const found: BolOffer[] = []
    for (let page = 0; page < 10; page++) {
      const answer = await this.api.call({
        endpoint: BOL_ENDPOINTS.listOffers,
        query: { ...filter, "page-size": PAGE_SIZE, cursor },
        beforeSend,
      })
      if (answer.status !== 200) return { failure: answer }
      found.push(...offersOf(answer.data).filter((o) => this.keyOf(o) === key))
      cursor = answer.data?.page?.nextCursor ?? undefined
      if (!cursor) break
    }
    const offer = found[0] ?? null
    this.cache.set(key, { offer, at: this.now() })
    return { offer }
  }
}

function offersOf(data: any): BolOffer[] {
  const list = Array.isArray(data?.offers) ? data.offers : []
  return list
    .filter((o: any) => typeof o?.offerId === "string")
    .map((o: any) => ({
      offerId: o.offerId,
      reference: typeof o.reference === "string" ? o.reference : null,
      ean: typeof o.ean === "string" ? o.ean : null,
      amount: typeof o.stock?.amount === "number" ? o.stock.amount : null,
    }))
}
