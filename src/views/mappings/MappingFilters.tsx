import { PAGE_1G, PAGE_2M, PAGE_4K, type PageSize } from "../../core/arch";
import type { MappingFilter, Privilege } from "../../core/inspect";

const PAGE_SIZES: readonly { value: PageSize; label: string }[] = [
  { value: PAGE_4K, label: "4 KiB" },
  { value: PAGE_2M, label: "2 MiB" },
  { value: PAGE_1G, label: "1 GiB" },
];

/** The filter controls: each one narrows the list; the core decides which leaves pass. */
export function MappingFilters({
  id,
  filter,
  onChange,
}: {
  id: string;
  filter: MappingFilter;
  onChange: (next: MappingFilter) => void;
}) {
  const check = (key: "writable" | "exec") => (
    <input
      type="checkbox"
      checked={filter[key] === true}
      onChange={(e) => onChange({ ...filter, [key]: e.target.checked ? true : null })}
    />
  );
  return (
    <fieldset className="pw-mappings-filters">
      <legend>Filters</legend>
      <label>
        Privilege{" "}
        <select
          value={filter.privilege}
          onChange={(e) => onChange({ ...filter, privilege: e.target.value as Privilege })}
        >
          <option value="any">any</option>
          <option value="user">user</option>
          <option value="supervisor">supervisor only</option>
        </select>
      </label>
      <label>{check("writable")} Writable</label>
      <label>{check("exec")} Executable</label>
      <label>
        <input
          type="checkbox"
          checked={filter.writableExec}
          onChange={(e) => onChange({ ...filter, writableExec: e.target.checked })}
        />{" "}
        Writable and executable (W+X)
      </label>
      {/* One item of the row, so that a narrow row never wraps between the title and its list (the
          label names the list by its id: wrapping the list in it would add its value to the name). */}
      <span className="pw-mappings-filter-pair">
        <label htmlFor={`${id}-size`}>Page size</label>
        <select
          id={`${id}-size`}
          value={filter.pageSize ?? "any"}
          onChange={(e) =>
            onChange({
              ...filter,
              pageSize: e.target.value === "any" ? null : (Number(e.target.value) as PageSize),
            })
          }
        >
          <option value="any">any</option>
          {PAGE_SIZES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
      </span>
    </fieldset>
  );
}
