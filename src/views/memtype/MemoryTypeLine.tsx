import { memo } from "react";
import { describeMemoryType, MEMORY_TYPE_NAMES, type MemoryTypeVerdict } from "../../core/memtype";

interface Props {
  readonly verdict: MemoryTypeVerdict;
}

/** Whether two verdicts read the same (each walk and each edit makes a new one, mostly equal). */
const sameVerdict = ({ verdict: a }: Props, { verdict: b }: Props): boolean =>
  a.type === b.type &&
  a.patIndex === b.patIndex &&
  a.patType === b.patType &&
  a.mtrrType === b.mtrrType &&
  a.mtrrMixed === b.mtrrMixed;

/** "Memory type WB (write-back) · PAT index 0: PA0 = WB …": one line, in the walk outcome and the inspector. */
export const MemoryTypeLine = memo(function MemoryTypeLine({ verdict }: Props) {
  const how = describeMemoryType(verdict);
  return (
    <p className="memory-type-line">
      Memory type <strong className="mono">{verdict.type}</strong>{" "}
      <span className="muted small-text">
        {MEMORY_TYPE_NAMES[verdict.type]} · {how.slice(how.indexOf("(") + 1, -1)}
      </span>
    </p>
  );
}, sameVerdict);
