import { Badge, Heading, Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

type Props = {
  title: ReactNode
  level?: "h1" | "h2"
  /** a total shown beside the title, once known */
  count?: number
  countTestId?: string
  description?: ReactNode
  /** filters or buttons at the right */
  actions?: ReactNode
  /** lines under the description */
  children?: ReactNode
  className?: string
}

/** The head of a page or of a card on it: title, its count, what it shows, and what can be done there. */
export const PageHeader = ({
  title,
  level = "h1",
  count,
  countTestId,
  description,
  actions,
  children,
  className,
}: Props) => (
  <div className={clx("flex flex-wrap items-center justify-between gap-4 px-6 py-4", className)}>
    <div className="flex flex-col gap-y-1">
      <div className="flex items-center gap-x-2">
        <Heading level={level}>{title}</Heading>
        {count !== undefined && (
          <Badge size="2xsmall" data-testid={countTestId}>
            {count}
          </Badge>
        )}
      </div>
      {description && (
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      )}
      {children}
    </div>
    {actions}
  </div>
)
