/**
 * Authoring the open scenario's text in the page: bookmarks ("Bookmark this walk", rename, reorder,
 * delete) and names for frames and VA ranges. Each change is one undoable step of the scenario's
 * text (the machine stays as it is), and what a file or a link would refuse is refused here with
 * a message, so an authored scenario can always be shared.
 */
import { type PhysAddr, type VirtAddr } from "../core/arch";
import { err, ok, type Result } from "../core/common";
import { LIMITS, registerOverrides, textProblem, type Bookmark, type ScenarioState } from "../core/scenario";
import { authoredScenario, withText, type OpenScenario } from "./openScenario";
import type { SliceContext } from "./scenarioSlice";

type ScenarioLabel = ScenarioState["labels"][number];

/** A name for a frame (or the table in it) or for a VA range, before it is checked. */
export type LabelRequest =
  | { readonly kind: "frame"; readonly addr: number; readonly name: string }
  | { readonly kind: "va-range"; readonly start: bigint; readonly last: bigint; readonly name: string };

export interface AuthoringActions {
  /** Sets the title and the description together (blank removes one) as one undoable step. */
  setScenarioText: (title: string, description: string) => Result<void>;
  /** Bookmarks the walk shown: its VA, access, the registers that differ from the scenario's, and a note. */
  addBookmark: (note: string) => Result<void>;
  /** Renames bookmark `k` (its note; blank removes the note). */
  setBookmarkNote: (k: number, note: string) => Result<void>;
  /** Moves bookmark `k` one place up (-1) or down (+1). */
  moveBookmark: (k: number, delta: -1 | 1) => void;
  deleteBookmark: (k: number) => void;
  /** Names a frame (renaming it when it has a name) or a VA range. */
  addLabel: (label: LabelRequest) => Result<void>;
  renameLabel: (k: number, name: string) => Result<void>;
  deleteLabel: (k: number) => void;
}

/** Why a text cannot be saved (too long, not valid Unicode), in the words of the field it is for. */
function textRefusal(text: string, max: number, what: string): string | null {
  const problem = textProblem(text, max);
  return problem ? `The ${what} ${problem.reason}.` : null;
}

function checkedName(name: string): Result<string> {
  const trimmed = name.trim();
  if (trimmed === "") return err("empty", "A name cannot be blank.");
  const problem = textRefusal(trimmed, LIMITS.nameLength, "name");
  return problem ? err("too-long", problem) : ok(trimmed);
}

function checkedLabel(request: LabelRequest): Result<ScenarioLabel> {
  const name = checkedName(request.name);
  if (!name.ok) return name;
  if (request.kind === "frame") {
    const a = request.addr;
    if (!Number.isSafeInteger(a) || a < 0 || a >= 2 ** 52)
      return err("out-of-range", "A frame's address must be a physical address below 2^52.");
    if (a % 4096 !== 0)
      return err(
        "misaligned",
        `0x${a.toString(16)} is not 4 KiB aligned: a frame starts at a multiple of 0x1000.`,
      );
    return ok({ kind: "frame", addr: a as PhysAddr, name: name.value });
  }
  const { start, last } = request;
  if (start < 0n || last >= 1n << 64n) return err("out-of-range", "A VA is a 64-bit value.");
  if (last < start)
    return err(
      "reversed",
      `The range ends (0x${last.toString(16)}) before it starts (0x${start.toString(16)}).`,
    );
  return ok({ kind: "va-range", start: start as VirtAddr, last: last as VirtAddr, name: name.value });
}

export function createAuthoringActions({
  get,
  step,
  refuseEdit,
}: Pick<SliceContext, "get" | "step" | "refuseEdit">): AuthoringActions {
  /** Applies `change` to the open scenario (an empty one when none is open) as one step. */
  const edit = (change: (meta: OpenScenario) => Result<OpenScenario>): Result<void> => {
    const { machine, meta, readOnly } = get();
    if (readOnly) return refuseEdit();
    const base = meta ?? authoredScenario(machine.regs);
    const next = change(base);
    if (!next.ok) return next;
    if (next.value !== base) step({ machine, meta: next.value });
    return ok(undefined);
  };
  const bookmarksOf = (meta: OpenScenario, bookmarks: readonly Bookmark[]): Result<OpenScenario> =>
    ok({ ...meta, bookmarks });
  const labelsOf = (meta: OpenScenario, labels: readonly ScenarioLabel[]): Result<OpenScenario> =>
    ok({ ...meta, labels });

  return {
    setScenarioText: (title, description) =>
      edit((meta) => {
        const titled = withText(meta, "title", title);
        return titled.ok ? withText(titled.value, "description", description) : titled;
      }),

    addBookmark: (note) =>
      edit((meta) => {
        const problem = textRefusal(note, LIMITS.noteLength, "note");
        if (problem) return err("too-long", problem);
        if (meta.bookmarks.length >= LIMITS.bookmarks)
          return err("too-many", `A scenario has at most ${LIMITS.bookmarks} bookmarks.`);
        const { machine, selection } = get();
        const registers = registerOverrides(machine.regs, meta.registers);
        const bookmark: Bookmark = {
          va: selection.va,
          access: selection.access,
          ...(note.trim() === "" ? {} : { note: note.trim() }),
          ...(registers ? { registers } : {}),
        };
        return bookmarksOf(meta, [...meta.bookmarks, bookmark]);
      }),

    setBookmarkNote: (k, note) =>
      edit((meta) => {
        const old = meta.bookmarks[k];
        if (!old) return ok(meta);
        const problem = textRefusal(note, LIMITS.noteLength, "note");
        if (problem) return err("too-long", problem);
        const { note: _old, ...rest } = old;
        const renamed: Bookmark = note.trim() === "" ? rest : { ...rest, note: note.trim() };
        if (renamed.note === old.note) return ok(meta);
        return bookmarksOf(
          meta,
          meta.bookmarks.map((b, i) => (i === k ? renamed : b)),
        );
      }),

    moveBookmark: (k, delta) =>
      void edit((meta) => {
        const to = k + delta;
        const list = [...meta.bookmarks];
        if (list[k] === undefined || list[to] === undefined) return ok(meta);
        [list[k], list[to]] = [list[to], list[k]];
        return bookmarksOf(meta, list);
      }),

    deleteBookmark: (k) =>
      void edit((meta) =>
        meta.bookmarks[k] === undefined
          ? ok(meta)
          : bookmarksOf(
              meta,
              meta.bookmarks.filter((_, i) => i !== k),
            ),
      ),

    addLabel: (request) =>
      edit((meta) => {
        const label = checkedLabel(request);
        if (!label.ok) return label;
        // A frame has one name: naming a named frame again renames it.
        const named = label.value;
        if (named.kind === "frame") {
          const k = meta.labels.findIndex((l) => l.kind === "frame" && l.addr === named.addr);
          if (k >= 0)
            return labelsOf(
              meta,
              meta.labels.map((l, i) => (i === k ? named : l)),
            );
        }
        if (meta.labels.length >= LIMITS.labels)
          return err("too-many", `A scenario has at most ${LIMITS.labels} names.`);
        return labelsOf(meta, [...meta.labels, label.value]);
      }),

    renameLabel: (k, name) =>
      edit((meta) => {
        const old = meta.labels[k];
        if (!old) return ok(meta);
        const checked = checkedName(name);
        if (!checked.ok) return checked;
        if (checked.value === old.name) return ok(meta);
        return labelsOf(
          meta,
          meta.labels.map((l, i) => (i === k ? { ...l, name: checked.value } : l)),
        );
      }),

    deleteLabel: (k) =>
      void edit((meta) =>
        meta.labels[k] === undefined
          ? ok(meta)
          : labelsOf(
              meta,
              meta.labels.filter((_, i) => i !== k),
            ),
      ),
  };
}
