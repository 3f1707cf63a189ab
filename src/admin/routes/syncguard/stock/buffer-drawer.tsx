import { Button, Drawer, Input, Label, Text } from "@medusajs/ui"
import { type FormEvent, useState } from "react"
import { ErrorLine } from "../../../components/error-line"
import { BufferSourceBadge, bufferInputs } from "./buffer-facts"
import { MAX_BUFFER, parseBuffer } from "./buffer-input"
import type { StockPublication } from "./types"
import { useSetBuffer } from "./use-set-buffer"

const INPUT_ID = "stock-buffer-input"

const BufferForm = ({ row, onClose }: { row: StockPublication; onClose: () => void }) => {
  const [text, setText] = useState(row.buffer_override === null ? "" : String(row.buffer_override))
  const [submitted, setSubmitted] = useState(false)
  const mutation = useSetBuffer(onClose)
  const parsed = parseBuffer(text)
  // an empty box is only wrong once the operator tries to save it
  const inputError = submitted || text.trim() !== "" ? parsed.error : null
  const shows = parsed.units === null ? null : Math.max(0, Math.floor(row.available) - parsed.units)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (parsed.units === null) return
    mutation.mutate({ row, units: parsed.units })
  }

  return (
    // noValidate: the messages come from parseBuffer, next to the input, not from the browser
    <form noValidate onSubmit={onSubmit} className="flex flex-1 flex-col overflow-hidden">
      <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
        <div className="flex flex-col gap-y-1">
          <div className="flex items-center gap-x-2">
            <Text size="small">
              In effect: {row.buffer} unit{row.buffer === 1 ? "" : "s"}
            </Text>
            <BufferSourceBadge source={row.buffer_source} />
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            Computed from the sales of every channel during the measured sync lag: {bufferInputs(row)}. Available now:{" "}
            {row.available}.
          </Text>
        </div>
        <div className="flex flex-col gap-y-2">
          <Label htmlFor={INPUT_ID} size="small" weight="plus">
            Fixed buffer (units)
          </Label>
          <Input
            id={INPUT_ID}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            placeholder={`0 – ${MAX_BUFFER}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={Boolean(inputError)}
            aria-describedby={`${INPUT_ID}-hint`}
            data-testid={INPUT_ID}
          />
          {inputError ? (
            <Text
              id={`${INPUT_ID}-hint`}
              size="xsmall"
              className="text-ui-fg-error"
              data-testid="stock-buffer-input-error"
            >
              {inputError}
            </Text>
          ) : (
            <Text id={`${INPUT_ID}-hint`} size="xsmall" className="text-ui-fg-subtle">
              {shows === null
                ? `A whole number from 0 to ${MAX_BUFFER}. It replaces the computed buffer until you go back to it.`
                : `${row.connector} will show ${shows} of ${row.available} available.`}
            </Text>
          )}
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          Saving republishes this SKU to {row.connector} at once.
        </Text>
        <ErrorLine error={mutation.error} size="small" testId="stock-buffer-error" />
      </Drawer.Body>
      <Drawer.Footer>
        <Drawer.Close asChild>
          <Button size="small" variant="secondary" type="button">
            Cancel
          </Button>
        </Drawer.Close>
        <Button
          size="small"
          variant="secondary"
          type="button"
          disabled={row.buffer_override === null || mutation.isPending}
          title={row.buffer_override === null ? "This SKU already uses the computed buffer" : undefined}
          onClick={() => mutation.mutate({ row, units: null })}
          data-testid="stock-buffer-use-computed"
        >
          Use computed buffer
        </Button>
        <Button size="small" type="submit" isLoading={mutation.isPending} data-testid="stock-buffer-save">
          Save buffer
        </Button>
      </Drawer.Footer>
    </form>
  )
}

type Props = { row: StockPublication | null; onClose: () => void }

/** One SKU's buffer on one marketplace: a fixed number of units, or back to the computed one. */
export const BufferDrawer = ({ row, onClose }: Props) => {
  // the closing animation still shows the SKU it was about; each opening starts a fresh form
  const [prev, setPrev] = useState(row)
  const [shown, setShown] = useState(row)
  const [opening, setOpening] = useState(0)
  if (row !== prev) {
    setPrev(row)
    if (row) {
      setShown(row)
      setOpening((n) => n + 1)
    }
  }
  return (
    <Drawer open={row !== null} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="stock-buffer-drawer">
        <Drawer.Header>
          <Drawer.Title>
            Buffer for {shown?.sku ?? shown?.variant_id} on {shown?.connector}
          </Drawer.Title>
          <Drawer.Description className="sr-only">
            Set how many units are held back from this marketplace
          </Drawer.Description>
        </Drawer.Header>
        {shown && <BufferForm key={opening} row={shown} onClose={onClose} />}
      </Drawer.Content>
    </Drawer>
  )
}
