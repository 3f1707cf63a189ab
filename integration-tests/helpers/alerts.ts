import http from "node:http"

export type CapturedAlert = { kind: string; message: string; data: any }

/** A stand-in for an operator's alert webhook: collects what syncguard POSTs to it. */
export async function startAlertCapture(
  port: number
): Promise<{ alerts: CapturedAlert[]; close: () => Promise<void> }> {
  const alerts: CapturedAlert[] = []
  const server = http.createServer((req, res) => {
    let body = ""
    req.on("data", (chunk) => (body += chunk))
    req.on("end", () => {
      alerts.push(JSON.parse(body))
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve))
  return { alerts, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
