/**
 * The Map form's fix-up through the store: mapping a user page and giving its upper entries the
 * rights it needs is one undoable step, and undo takes both back.
 */
import { describe, expect, it } from "vitest";
import { PAGE_4K, virtAddr } from "../core/arch";
import { walk } from "../core/walk";
import { createPagewalkStore, type PagewalkState } from "./store";

const VA = virtAddr(0x80_3fe7_e000n);
const userRead = (s: PagewalkState): string => {
  const v = walk(s.machine.ram, s.machine.regs, VA, { op: "read", mode: "user" }).verdict;
  return v.ok ? "ok" : `${v.cause} at level ${v.level}`;
};

describe("map with grantUpperRights", () => {
  it("maps and sets U/S on the upper entries in one step; undo restores both", () => {
    const store = createPagewalkStore();
    const s = store.getState;
    const request = { va: VA, pa: 0x7000, size: PAGE_4K, leafFlags: { user: true, writable: true } } as const;
    const plain = s().map(request);
    expect(plain.ok && plain.value.upperChanges).toEqual([]);
    expect(userRead(s())).toBe("US at level 4");
    s().undo();
    expect(userRead(s())).toBe("P at level 1");

    const pastBefore = s().past.length;
    const fixed = s().map(request, { grantUpperRights: true });
    expect(fixed.ok && fixed.value.upperChanges.map((c) => [c.level, c.index, c.setUser])).toEqual([
      [4, 1, true],
      [3, 0, true],
      [2, 511, true],
    ]);
    expect(userRead(s())).toBe("ok");
    expect(s().past.length).toBe(pastBefore + 1);
    s().undo();
    expect(userRead(s())).toBe("P at level 1");
  });
});
