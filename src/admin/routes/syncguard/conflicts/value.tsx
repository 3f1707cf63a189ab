/** A held value as JSON; `undefined` (never sent) reads as null, like the API stores it. */
export function prettyValue(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2)
}

/** One line for a prompt's description, cut so a large address does not swamp the dialog. */
export function inlineValue(value: unknown, max = 160): string {
  const text = JSON.stringify(value ?? null)
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

export const ValueBlock = ({ value, testId }: { value: unknown; testId?: string }) => (
  <pre
    className="txt-compact-xsmall bg-ui-bg-subtle text-ui-fg-base max-h-48 max-w-[260px] overflow-auto whitespace-pre-wrap break-all rounded-md px-2 py-1 font-mono"
    data-testid={testId}
  >
    {prettyValue(value)}
  </pre>
)
