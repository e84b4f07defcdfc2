/**
 * A scenario whose allocator offers a table in use as a free frame is refused when loaded (file,
 * link), with a message naming the frame and the table; a state about to be saved drops such
 * frames from its allocator instead.
 */
import { describe, expect, it } from "vitest";
import { PAGE_4K, pagingMode, virtAddr } from "../arch";
import { AddressSpace } from "../space";
import { allocatorWithoutLiveTables } from "./allocator-check";
import { packScenario } from "./compact";
import { crc32 } from "./crc32";
import { deflateRaw } from "./deflate";
import { decodeScenarioLink, toBase64Url } from "./link";
import { presetById } from "./presets/presets";
import { machineFromScenario } from "./scenario-machine";
import type { ScenarioState } from "./scenario-state";
import { serializeScenario } from "./serialize";
import { checkScenario, parseScenario } from "./validate";

const preset = (id: string): ScenarioState => {
  const p = presetById(id);
  if (!p?.build) throw new Error(id);
  return p.build();
};

/** The worked example (tables at 0x1000, 0x4000, 0x6000, 0x8000) with another allocator. */
const workedWith = (allocator: Partial<ScenarioState["allocator"]>): ScenarioState => {
  const s = preset("worked-example");
  return { ...s, allocator: { ...s.allocator, ...allocator } };
};

const refusal = (s: ScenarioState): string => {
  const r = parseScenario(serializeScenario(s));
  return r.ok ? "accepted" : r.error.message;
};

/** A share link carrying `s` as is (encodeScenarioLink refuses to make one for an invalid state). */
async function linkOf(s: ScenarioState): Promise<string> {
  const packed = packScenario(s);
  const checked = new Uint8Array(packed.length + 4);
  checked.set(packed);
  new DataView(checked.buffer).setUint32(packed.length, crc32(packed), true);
  return `#s1.${toBase64Url(await deflateRaw(checked))}`;
}

describe("loading refuses an allocator whose free frames are tables in use", () => {
  it("the first free frame is the PML4 (the first Map would have zeroed it)", async () => {
    const bad = workedWith({ firstPfn: 1, nextPfn: 1 });
    // What such a machine does: Map "succeeds" by zeroing the PML4 and handing it out as a new table.
    const machine = machineFromScenario(bad);
    const mode = pagingMode(machine.regs);
    const space = new AddressSpace(machine.ram, machine.alloc, mode.root, mode.levels);
    expect(space.map({ va: virtAddr(0x1000n), pa: 0x5000, size: PAGE_4K, leafFlags: {} }).ok).toBe(true);
    expect(machine.ram.readEntry(0x1000 + 8)).toBe(0n); // PML4[1], the worked example's walk, is gone

    const message = "allocator: free frame 0x1000 is the PML4 of CR3 0x1000";
    expect(refusal(bad)).toBe(message);
    expect(checkScenario(bad)?.message).toBe(message);
    const link = await decodeScenarioLink(await linkOf(bad));
    expect(!link.ok && link.error.message).toBe(`This link's scenario is invalid: ${message}`);
  });

  it("names the entry that points to a table further down, and the free-list slot", () => {
    expect(refusal(workedWith({ firstPfn: 2, nextPfn: 10, freePfns: [3, 8] }))).toBe(
      "allocator.free[1]: free frame 0x8000 is a PT of CR3 0x1000 (entry 511 of the PD at 0x6000 points to it)",
    );
  });

  it("knows the processes' and the bookmarks' roots", () => {
    const two = preset("two-processes");
    expect(refusal({ ...two, allocator: { ...two.allocator, freePfns: [4] } })).toBe(
      "allocator.free[0]: free frame 0x4000 is the PML4 of processes[1] (CR3 0x4000)",
    );
    const worked = preset("worked-example");
    const bookmark = {
      va: virtAddr(0n),
      access: { op: "read", mode: "user" },
      registers: { cr3: 0x2_0000 },
    } as const;
    expect(refusal({ ...worked, bookmarks: [...worked.bookmarks, bookmark] })).toBe(
      "allocator: free frame 0x20000 is the PML4 of bookmarks[3] (CR3 0x20000)",
    );
  });

  it("ends on cycles: a recursive PML4 in the bump range is found once", () => {
    const recursive = preset("recursive");
    expect(refusal({ ...recursive, allocator: { ...recursive.allocator, firstPfn: 1, nextPfn: 2 } })).toBe(
      "allocator: free frame 0x2000 is a PDPT of CR3 0x1000 (entry 0 of the PML4 at 0x1000 points to it)",
    );
  });

  it("accepts every example as built", () => {
    for (const id of [
      "worked-example",
      "identity-2m",
      "higher-half-1g",
      "recursive",
      "two-processes",
      "fault-gallery",
      "la57",
    ])
      expect(checkScenario(preset(id)), id).toBeNull();
  });
});

describe("allocatorWithoutLiveTables", () => {
  it("moves the bump pointer past the tables and keeps the other frames free, lowest handed out first", () => {
    const fixed = allocatorWithoutLiveTables(workedWith({ firstPfn: 1, nextPfn: 1 }));
    expect(fixed.allocator).toEqual({ firstPfn: 1, nextPfn: 9, endPfn: 4096, freePfns: [7, 5, 3, 2] });
    expect(checkScenario(fixed)).toBeNull();
    const machine = machineFromScenario(fixed);
    expect(machine.alloc.alloc(machine.ram)).toEqual({ ok: true, value: 0x2000 });
  });

  it("drops tables from the free list and leaves a fine state as it is", () => {
    const fixed = allocatorWithoutLiveTables(workedWith({ firstPfn: 2, nextPfn: 10, freePfns: [3, 8] }));
    expect(fixed.allocator.freePfns).toEqual([3]);
    const fine = preset("two-processes");
    expect(allocatorWithoutLiveTables(fine)).toBe(fine);
  });
});
