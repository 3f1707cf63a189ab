/// <reference types="vite/client" />

/** Replaced by the host's admin build with `admin.backendUrl` (see notes: plugin admin code cannot read import.meta.env). */
declare const __BACKEND_URL__: string | undefined
