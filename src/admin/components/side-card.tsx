import { Container, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import { PageHeader } from "./page-header"

/** A widget in a detail page's side column: a titled card of blocks. */
export const SideCard = ({ title, testId, children }: { title: string; testId: string; children: ReactNode }) => (
  <Container className="divide-y p-0" data-testid={testId}>
    <PageHeader level="h2" title={title} />
    {children}
  </Container>
)

type BlockProps = { name: string; testId: string; badge?: ReactNode; children: ReactNode }

/** One connector in a few lines: the side column is ~400 px wide, too narrow for a table. */
export const SideBlock = ({ name, testId, badge, children }: BlockProps) => (
  <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={testId}>
    <div className="flex items-center justify-between gap-x-2">
      <Text size="small" weight="plus" className="truncate">
        {name}
      </Text>
      {badge}
    </div>
    {children}
  </div>
)
