import { clx } from "@medusajs/ui"

type Props = {
  value: unknown
  /** a string as it is, not as a JSON string in quotes */
  bareStrings?: boolean
  testId?: string
  /** another size for the box */
  className?: string
}

/** A held value as indented JSON in a small scrolling box; `undefined` (never sent) reads as null, as stored. */
export const JsonBlock = ({ value, bareStrings, testId, className }: Props) => (
  <pre
    className={clx(
      "txt-compact-xsmall bg-ui-bg-subtle text-ui-fg-base max-h-48 max-w-[260px] overflow-auto whitespace-pre-wrap break-all rounded-md px-2 py-1 font-mono",
      className
    )}
    data-testid={testId}
  >
    {bareStrings && typeof value === "string" ? value : JSON.stringify(value ?? null, null, 2)}
  </pre>
)
