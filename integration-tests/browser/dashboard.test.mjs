// The dashboard in a real browser: Debian's Chromium driven by playwright-core against a real
// Medusa app serving the built admin, seeded with dead letters, a conflict, a reconciliation run
// and a buffered SKU. A failing test leaves a screenshot in .demo/browser/failures/.
// UPDATE_SCREENSHOTS=1 also writes the README's screenshots (docs/screenshots/).
import assert from "node:assert/strict"
import fs from "node:fs"
import path from "node:path"
import { after, before, describe, test } from "node:test"
import { chromium } from "playwright-core"
import { ROOT } from "../../bench/lib/app.mjs"
import { ADMIN } from "../../scripts/demo/seed.mjs"
import { CHROMIUM } from "../../scripts/ensure-services.mjs"
import { OUT_DIR, startDashboardApp } from "./dashboard-app.mjs"

const FAILURES = path.join(OUT_DIR, "failures")
const README_SHOTS = path.join(ROOT, "docs", "screenshots")
const UI_TIMEOUT = 30_000

let app
let browser
let page

/** Runs a step; on failure saves what the browser showed before passing the error on. */
function step(name, fn) {
  return test(name, async () => {
    try {
      await fn()
    } catch (error) {
      fs.mkdirSync(FAILURES, { recursive: true })
      const file = path.join(FAILURES, `${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png`)
      await page?.screenshot({ path: file, fullPage: true }).catch(() => {})
      error.message += `\n  screenshot: ${path.relative(ROOT, file)}`
      throw error
    }
  })
}

/** The README's pictures, from this run, when asked for. */
async function readmeShot(name, target = page) {
  if (process.env.UPDATE_SCREENSHOTS !== "1") return
  fs.mkdirSync(README_SHOTS, { recursive: true })
  await target.screenshot({
    path: path.join(README_SHOTS, `${name}.png`),
    ...(target === page ? { fullPage: true } : {}),
  })
}

const byTestId = (id) => page.getByTestId(id)

/** Clicks a button, then the confirmation dialog's button of the same name. */
async function confirmClick(button, confirmText) {
  await button.click()
  const dialog = page.getByRole("alertdialog")
  await dialog.getByRole("button", { name: confirmText, exact: true }).click()
  await dialog.waitFor({ state: "hidden" })
}

async function until(what, probe, timeoutMs = UI_TIMEOUT) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value) return value
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe("dashboard in Chromium", { timeout: 600_000 }, () => {
  before(async () => {
    app = await startDashboardApp()
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    })
    const context = await browser.newContext({ baseURL: app.baseUrl, viewport: { width: 1440, height: 900 } })
    context.setDefaultTimeout(UI_TIMEOUT)
    page = await context.newPage()
  })

  after(async () => {
    await browser?.close()
    await app?.stop()
  })

  step("logs in at /app/login; the orders list shows the health summary in red", async () => {
    await page.goto("/app/login")
    await page.getByPlaceholder("Email").fill(ADMIN.email)
    await page.getByPlaceholder("Password").fill(ADMIN.password)
    await page.getByRole("button", { name: "Continue with Email" }).click()
    await page.waitForURL(/\/app\/orders/)
    const summary = byTestId("syncguard-orders-health")
    await until("the summary to turn red", async () => (await summary.getAttribute("data-state")) === "alert")
  })

  step("the Sync health page shows what the API reports", async () => {
    const health = await app.admin.get("/admin/syncguard/health")
    await page.goto("/app/syncguard")
    const status = byTestId("syncguard-overall-status")
    await status.waitFor()
    assert.equal((await status.innerText()).trim(), health.status)
    assert.equal((await byTestId("syncguard-dead-letter-depth").innerText()).trim(), String(health.dead_letter_depth))
    for (const c of health.connectors) {
      await byTestId(`syncguard-connector-${c.name}`).waitFor()
      assert.equal((await byTestId(`syncguard-connector-dead-${c.name}`).innerText()).trim(), String(c.dead_letters))
    }
    for (const problem of health.problems.filter((p) => p.includes("dead letter"))) {
      await byTestId("syncguard-problems").getByText(problem, { exact: false }).first().waitFor()
    }
    await byTestId("syncguard-jobs").waitFor()
    await readmeShot("sync-health")
    for (const chart of ["queue", "throughput", "lag"]) {
      await byTestId(`syncguard-chart-${chart}`).locator("svg").first().waitFor()
    }
  })

  step("a dead letter: filtered, opened with its attempts, replayed and seen delivered", async () => {
    const [deadId] = app.seeded.dead
    const { messages } = await app.admin.get(`/admin/syncguard/messages?status=dead&entity_id=${deadId}`)
    const message = messages[0]
    await page.goto("/app/syncguard/dead-letters")
    await until("the dead-letter count", async () => (await byTestId("dlq-count").innerText()).trim() === "2")
    await byTestId(`dlq-row-${message.id}`).click()
    const drawer = byTestId("syncguard-message-drawer")
    await drawer.waitFor()
    assert.equal((await byTestId("syncguard-message-status").innerText()).trim(), "dead")
    await drawer.getByText("422").first().waitFor()
    await readmeShot("dead-letter-drawer")
    app.sandbox.setFaults({ rejectExternalIds: app.seeded.dead.slice(1) })
    await confirmClick(byTestId("syncguard-message-replay"), "Replay")
    await until(
      "the replayed message to be delivered",
      async () => (await byTestId("syncguard-message-status").innerText()).trim() === "delivered"
    )
    const after = await app.admin.get(`/admin/syncguard/messages/${message.id}`)
    assert.equal(after.message.status, "delivered")
  })

  step("the order widget fits its column and replays the order's dead letter", async () => {
    const orderId = app.seeded.dead[1]
    app.sandbox.setFaults({ rejectExternalIds: [] })
    await page.goto(`/app/orders/${orderId}`)
    const widget = byTestId("syncguard-order-widget")
    await widget.waitFor()
    const fits = await widget.evaluate((el) => {
      const overflowing = [el, ...el.querySelectorAll("*")].filter((n) => n.scrollWidth > n.clientWidth + 1)
      return overflowing.filter((n) => getComputedStyle(n).overflowX !== "hidden").length === 0
    })
    assert.ok(fits, "the widget overflows its column")
    await readmeShot("order-widget", widget)
    await confirmClick(byTestId("syncguard-order-replay-erp"), "Replay")
    await until("the order to be delivered", async () => (await widget.innerText()).toLowerCase().includes("delivered"))
  })

  step("a field conflict resolved by accepting the incoming value", async () => {
    const { conflict, customerId } = app.seeded.conflict
    await page.goto("/app/syncguard/conflicts")
    await byTestId(`conflict-row-${conflict.id}`).waitFor()
    await readmeShot("conflicts")
    await confirmClick(byTestId(`conflict-accept-${conflict.id}`), "Accept incoming")
    await until("the conflict to be resolved", async () => {
      const { conflict: now } = await app.admin.get(`/admin/syncguard/conflicts/${conflict.id}`)
      return now.status !== "open"
    })
    await byTestId(`conflict-row-${conflict.id}`).waitFor({ state: "detached" })
    const { customer } = await app.admin.get(`/admin/customers/${customerId}`)
    assert.equal(customer.first_name, "Amazing")
  })

  step("a connector paused and resumed", async () => {
    await page.goto("/app/syncguard/connectors")
    const state = byTestId("connector-state-erp")
    await state.waitFor()
    assert.equal((await state.innerText()).trim(), "running")
    await confirmClick(byTestId("connector-pause-erp"), "Pause")
    await until("erp to show paused", async () => (await state.innerText()).trim() === "paused")
    const paused = await app.admin.get("/admin/syncguard/connectors")
    assert.equal(paused.connectors.find((c) => c.name === "erp").paused, true)
    await confirmClick(byTestId("connector-resume-erp"), "Resume")
    await until("erp to show running", async () => (await state.innerText()).trim() === "running")
    const settings = await byTestId("connector-bol").innerText()
    assert.ok(!settings.includes("secret") || settings.includes("hidden"), "a secret is shown")
  })

  step("the reconciliation run and its findings", async () => {
    const { run, findings } = app.seeded.reconciliation
    await page.goto("/app/syncguard/reconciliation")
    await byTestId(`recon-run-${run.id}`).click()
    await byTestId("recon-run-detail").waitFor()
    for (const f of findings) {
      await byTestId(`recon-kind-${f.kind}`).click()
      await byTestId(`recon-finding-${f.id}`).waitFor()
    }
    await readmeShot("reconciliation")
  })

  step("the ownership map and the invoice API as the API reports them", async () => {
    const ownership = await app.admin.get("/admin/syncguard/ownership")
    await page.goto("/app/syncguard/ownership")
    await byTestId("ownership-table-customer").waitFor()
    const phone = ownership.rules.find((r) => r.entity_type === "customer" && r.field === "phone")
    assert.match(await byTestId("ownership-owner-customer-phone").innerText(), new RegExp(phone.owner))
    const invoices = await app.admin.get("/admin/syncguard/invoices")
    await page.goto("/app/syncguard/invoices")
    assert.equal((await byTestId("invoices-state").innerText()).trim(), invoices.closed ? "closed" : "open")
  })

  step("a request the API refuses shows its message on the page, and changes nothing", async () => {
    const body = { connector: "bol", entity_type: "customer", dry_run: true }
    const refused = await app.admin.post("/admin/syncguard/reconciliation/runs", body).catch((e) => e)
    assert.equal(refused.status, 400)
    const before = await app.admin.get("/admin/syncguard/reconciliation/runs")
    await page.goto("/app/syncguard/reconciliation")
    await byTestId("recon-connector").click()
    await page.getByRole("option", { name: /^bol/ }).click()
    await byTestId("recon-entity").click()
    await page.getByRole("option", { name: /customer/i }).click()
    await confirmClick(byTestId("recon-start"), "Start run")
    const error = byTestId("recon-start-error")
    await error.waitFor()
    assert.ok((await error.innerText()).includes(refused.body.message), await error.innerText())
    const after = await app.admin.get("/admin/syncguard/reconciliation/runs")
    assert.equal(after.count, before.count)
  })

  step("the buffered SKU on the stock page and on its variant's page", async () => {
    const { variantId, productId } = app.seeded.sku
    await page.goto("/app/syncguard/stock")
    const row = byTestId(`stock-row-bol-${variantId}`)
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, /override/i)
    assert.match(text, /\b9\b/)
    await readmeShot("stock")
    await page.goto(`/app/products/${productId}/variants/${variantId}`)
    await byTestId("syncguard-variant-stock-published-bol").waitFor()
    assert.match(await byTestId("syncguard-variant-stock-published-bol").innerText(), /^Shows 9\b/)
  })

  step("the charts, after everything above went through the outbox", async () => {
    await page.goto("/app/syncguard")
    const chart = byTestId("syncguard-chart-queue")
    await chart.locator("svg").first().waitFor()
    await chart.scrollIntoViewIfNeeded()
    await readmeShot("sync-health-charts")
  })
})
