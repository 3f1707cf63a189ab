import net from "node:net"

/** True when nothing listens on `port` (checked on all interfaces, IPv4 and IPv6). */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once("error", () => resolve(false))
    probe.listen(port, () => probe.close(() => resolve(true)))
  })
}
