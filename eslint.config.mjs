// ESLint: Medusa's recommended rules (workflows, steps, routes, subscribers, jobs, modules) and
// typescript-eslint's, with Prettier owning the formatting. `npm run lint` (part of `npm test`).
import medusa from "@medusajs/eslint-plugin"
import prettier from "eslint-config-prettier"
import tseslint from "typescript-eslint"

export default [
  { ignores: ["node_modules/**", ".medusa/**", ".demo/**", "public/**", "src/modules/*/migrations/**", "**/*.d.ts"] },
  ...tseslint.configs.recommended.map((c) => ({ ...c, files: ["**/*.{ts,tsx}"] })),
  ...medusa.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      // connector wire formats and Query results are untyped JSON at the edges
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      "@typescript-eslint/no-require-imports": "off",
      "no-console": "error",
    },
  },
  {
    // tests, benchmarks, scripts and the sandbox report on the console on purpose, and are not
    // Medusa code: their errors never reach an HTTP answer
    files: ["integration-tests/**", "bench/**", "scripts/**", "sandbox/**", "**/__tests__/**"],
    rules: { "no-console": "off", "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
  {
    // pure decisions and connectors throw plain errors that callers classify; only routes and
    // workflows answer HTTP, where MedusaError is the rule
    files: ["src/modules/**"],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
  prettier,
]
