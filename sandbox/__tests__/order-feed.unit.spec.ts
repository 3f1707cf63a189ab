import { createSandbox, Sandbox } from "../index"

// The change feed's faults a reconciliation must survive: overlapping pages and orders edited
// while the feed is read. Both serve one order more than once in a walk.
let sb: Sandbox

beforeEach(async () => {
  sb = await createSandbox({ port: 0 })
})
afterEach(async () => {
  await sb.close()
})

const post = (externalId: string) =>
  fetch(`${sb.url}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ external_id: externalId, email: "a@example.com", items: [] }),
  })

/** Every page of the feed since the epoch, in order, as external ids. */
async function walk(limit: number): Promise<string[][]> {
  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const query: string = `updated_since=1970-01-01T00:00:00Z&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`
    const body: any = await (await fetch(`${sb.url}/orders?${query}`)).json()
    pages.push(body.data.map((o: any) => o.external_id))
    cursor = body.next_cursor
  } while (cursor && pages.length < 20)
  return pages
}

describe("GET /orders?updated_since= faults", () => {
  it("serves each order once without faults", async () => {
    for (let i = 1; i <= 5; i++) await post(`o${i}`)
    expect((await walk(2)).flat()).toEqual(["o1", "o2", "o3", "o4", "o5"])
  })

  it("orderFeedEdits: an order edited right after a page served it comes again later, once, even after the last page", async () => {
    for (let i = 1; i <= 5; i++) await post(`o${i}`)
    sb.setFaults({ orderFeedEdits: ["o2", "o5"] })
    const before = sb.orders().find((o: any) => o.external_id === "o2").updated_at
    const pages = await walk(2)
    expect(pages.flat()).toEqual(["o1", "o2", "o3", "o4", "o5", "o2", "o5"])
    // the edit is a new updated_at, nothing else
    const after = sb.orders().find((o: any) => o.external_id === "o2")
    expect(after.updated_at >= before).toBe(true)
    expect(after.email).toBe("a@example.com")
    // edited once: a second walk serves every order once
    expect((await walk(2)).flat()).toEqual(["o1", "o3", "o4", "o2", "o5"])
  })

  it("rejects an orderFeedEdits that is not a list of external ids", async () => {
    expect(() => sb.setFaults({ orderFeedEdits: "o1" as any })).toThrow(/orderFeedEdits must be an array/)
  })
})
