import type { DecodedEntry } from "../core/arch";

/** The decoded flags of an entry as a row of chips: set flags bold, clear ones faint. */
export function EntryFlagChips({ entry }: { entry: DecodedEntry }) {
  const leaf = entry.kind === "leaf" || (entry.level === 1 && !entry.present);
  const chips: [string, boolean, string][] = [
    ["P", entry.present, "present"],
    ["R/W", entry.writable, entry.writable ? "writable" : "read-only"],
    ["U/S", entry.user, entry.user ? "user" : "supervisor only"],
    ["PWT", entry.writeThrough, "write-through"],
    ["PCD", entry.cacheDisable, "cache disabled"],
    ["A", entry.accessed, "accessed"],
  ];
  if (leaf) chips.push(["D", entry.dirty, "dirty"]);
  if (entry.level === 2 || entry.level === 3) chips.push(["PS", entry.pageSizeBit, "page size (leaf)"]);
  if (leaf) chips.push(["G", entry.global, "global"]);
  chips.push(["XD", entry.executeDisable, "execute-disable"]);
  if (leaf && entry.protectionKey !== 0)
    chips.push([`PK${entry.protectionKey}`, true, `protection key ${entry.protectionKey}`]);
  return (
    <ul className="chips" aria-label="Flags">
      {chips.map(([label, on, title]) => (
        <li key={label} className={on ? "chip on" : "chip off"} title={title}>
          <span className="visually-hidden">{on ? "set: " : "clear: "}</span>
          {label}
        </li>
      ))}
    </ul>
  );
}
