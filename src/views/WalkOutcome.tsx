import { memo } from "react";
import { LEVEL_ENTRY_NAMES, LEVEL_TABLE_NAMES, pageSizeName, PF_BIT_NAMES, type Level } from "../core/arch";
import { formatHex } from "../core/common";
import type { WalkResult } from "../core/walk";
import { TermLink } from "./glossary/TermLink";
import { WalkMemoryType } from "./memtype/WalkMemoryType";
import { PF_BIT_TERMS } from "./glossary/terms";

const limitedBy = (level: Level | null): string => (level === null ? "" : ` (${LEVEL_ENTRY_NAMES[level]})`);

/** The end of the walk: the frame and effective permissions, or the exception with its error code. */
export const WalkOutcome = memo(function WalkOutcome({ result }: { result: WalkResult }) {
  const { verdict, translation: t, mode } = result;
  if (!verdict.ok) {
    const where = verdict.level === null ? null : result.steps.find((s) => s.level === verdict.level);
    return (
      <div className="walk-outcome fault">
        <h3>
          <TermLink term={verdict.exception === "#PF" ? "pf" : "gp"}>{verdict.exception}</TermLink>
          {where ? ` at ${LEVEL_TABLE_NAMES[where.level]}[${where.index}]` : ""}
        </h3>
        <p>{verdict.reason}</p>
        {verdict.exception === "#PF" ? (
          <>
            <p className="mono">
              error code {formatHex(verdict.errorCode)} · <TermLink term="cr2">CR2</TermLink> ={" "}
              {verdict.cr2 === null ? "unchanged" : formatHex(verdict.cr2)}
            </p>
            <table className="error-bits">
              <caption className="visually-hidden">Page-fault error code bits</caption>
              <tbody>
                {PF_BIT_NAMES.map((b) => {
                  const set = ((verdict.errorCode >> b.bit) & 1) === 1;
                  return (
                    <tr key={b.bit} className={set ? "on" : "off"}>
                      <td className="mono">{b.bit}</td>
                      <th scope="row">
                        <TermLink term={PF_BIT_TERMS[b.bit] ?? "pf"}>{b.name}</TermLink>
                      </th>
                      <td className="mono">{set ? 1 : 0}</td>
                      <td>{set ? b.set : b.clear}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">#GP has no page-fault error code and leaves CR2 unchanged.</p>
        )}
      </div>
    );
  }
  if (t.kind !== "mapped") return null;
  const p = t.permissions;
  const pkNote = mode.pke && p.user ? ` · key ${p.protectionKey}` : "";
  return (
    <div className="walk-outcome ok">
      <h3>
        → PA <span className="mono">{formatHex(t.pa, { separators: true })}</span>
      </h3>
      <p className="mono">
        {pageSizeName(t.pageSize)} page at {formatHex(t.pa - (t.pa % t.pageSize))}, leaf in the{" "}
        {LEVEL_TABLE_NAMES[t.leafLevel]}
        {pkNote}
      </p>
      <table className="perms">
        <caption className="visually-hidden">Effective permissions</caption>
        <tbody>
          <tr>
            <th scope="row">Write</th>
            <td className={p.writable ? "yes" : "no"}>
              {p.writable ? "allowed" : `read-only${limitedBy(p.writableLimitedBy)}`}
              {!p.writable && !mode.wp ? "; supervisor may write (CR0.WP = 0)" : ""}
            </td>
          </tr>
          <tr>
            <th scope="row">User</th>
            <td className={p.user ? "yes" : "no"}>
              {p.user ? "user and supervisor" : `supervisor only${limitedBy(p.userLimitedBy)}`}
            </td>
          </tr>
          <tr>
            <th scope="row">Execute</th>
            <td className={p.executeDisable ? "no" : "yes"}>
              {p.executeDisable
                ? `no: XD${limitedBy(p.executeDisabledBy)}`
                : mode.nxe
                  ? "allowed"
                  : "allowed (EFER.NXE = 0)"}
            </td>
          </tr>
        </tbody>
      </table>
      <WalkMemoryType result={result} />
    </div>
  );
});
