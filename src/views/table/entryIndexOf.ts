/** The index of the grid cell or entry-list row an event happened in (its `data-index`), if any. */
export function entryIndexOf(target: EventTarget): number | null {
  const el = (target as HTMLElement).closest?.("[data-index]");
  return el ? Number((el as HTMLElement).dataset["index"]) : null;
}
