import fs from "node:fs"
import path from "node:path"

export const API_ROOT = path.resolve(__dirname, "../../src/api")

const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const
export type HttpMethod = (typeof HTTP_METHODS)[number]

export type DiscoveredRoute = {
  /** the route file, relative to the repository */
  file: string
  /** e.g. "/admin/syncguard/messages/:id/replay" */
  pattern: string
  /** path parameters in order, e.g. ["id"] */
  params: string[]
  methods: HttpMethod[]
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? walk(full) : [full]
  })
}

/** The handlers a route file exports: `export (async) function GET`, `export const GET`, `export { x as GET }`. */
function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<HttpMethod>()
  for (const method of HTTP_METHODS) {
    const direct = new RegExp(`export\\s+(?:async\\s+)?(?:function\\s*\\*?|const|let|var)\\s+${method}\\b`)
    const listed = new RegExp(`export\\s*\\{[^}]*\\b(?:as\\s+)?${method}\\b[^}]*\\}`)
    if (direct.test(source) || listed.test(source)) {
      found.add(method)
    }
  }
  return [...found]
}

/**
 * Every route file under src/api, the way Medusa's file router reads them: the folder path is
 * the URL, `[param]` folders are path parameters, and the exported functions are the methods.
 */
export function discoverRoutes(root = API_ROOT): DiscoveredRoute[] {
  return walk(root)
    .filter((file) => /^route\.(ts|js)$/.test(path.basename(file)))
    .map((file) => {
      const segments = path.relative(root, path.dirname(file)).split(path.sep).filter(Boolean)
      const params: string[] = []
      const pattern =
        "/" +
        segments
          .map((segment) => {
            const param = /^\[(.+)\]$/.exec(segment)
            if (param) {
              params.push(param[1])
              return `:${param[1]}`
            }
            return segment
          })
          .join("/")
      return {
        file: path.relative(path.resolve(root, "../.."), file),
        pattern,
        params,
        methods: exportedMethods(fs.readFileSync(file, "utf8")),
      }
    })
    .sort((a, b) => a.pattern.localeCompare(b.pattern))
}

/** Field names declared in the zod validators under src/api (`name: z.`), for fuzzing query keys and bodies. */
export function validatorFieldNames(root = API_ROOT): string[] {
  const names = new Set<string>()
  for (const file of walk(root).filter((f) => /validators\.(ts|js)$/.test(f))) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/\b([A-Za-z_]\w*)\s*:\s*(?:z\s*\.|[A-Za-z_]\w*\()/g)) {
      names.add(match[1])
    }
  }
  return [...names].sort()
}

/** Fills a route pattern with URL-encoded values. */
export function fillPattern(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ""))
}
