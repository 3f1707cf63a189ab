import { Table, clx } from "@medusajs/ui"
import type { ComponentPropsWithoutRef } from "react"

type Props = Omit<ComponentPropsWithoutRef<typeof Table.Row>, "onClick" | "onKeyDown" | "tabIndex"> & {
  onOpen: () => void
}

/** A row that opens its item: by click, or by Enter or Space when it has the focus. */
export const ClickableRow = ({ onOpen, className, ...props }: Props) => (
  <Table.Row
    {...props}
    className={clx("cursor-pointer", className)}
    tabIndex={0}
    onClick={onOpen}
    onKeyDown={(e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault()
        onOpen()
      }
    }}
  />
)
