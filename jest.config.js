const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const testMatchByType = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s", "**/sandbox/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  "integration:tryton": ["**/integration-tests/tryton/**/*.spec.[jt]s"],
}

const type = process.env.TEST_TYPE ?? "unit"
const testMatch = testMatchByType[type]
if (!testMatch) {
  throw new Error(`Unknown TEST_TYPE "${type}": use one of ${Object.keys(testMatchByType).join(", ")}`)
}

module.exports = {
  transform: {
    "^.+\\.[jt]s$": ["@swc/jest", { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } }],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/", "<rootDir>/.demo/"],
  setupFiles: ["./integration-tests/setup.js"],
  testMatch,
  // module specs are matched by path; keep unit specs out of the module run
  testPathIgnorePatterns:
    type === "integration:modules" ? ["/node_modules/", "\\.unit\\.spec\\.[jt]s$"] : ["/node_modules/"],
}
