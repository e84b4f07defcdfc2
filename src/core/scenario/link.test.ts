import fc from "fast-check";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_REGISTERS, type VirtAddr } from "../arch";
import { AddressSpace } from "../space";
import { FrameAllocator, Ram } from "../memory";
import { scenarioArbitrary } from "./__fixtures__/scenario-arbitrary";
import { packScenario } from "./compact";
import { crc32 } from "./crc32";
import { deflateRaw } from "./deflate";
import type { ScenarioState } from "./scenario-state";
import {
  CUT_OR_DAMAGED,
  decodeScenarioLink,
  encodeScenarioLink,
  fromBase64Url,
  isTooLargeForLink,
  MAX_LINK_LENGTH,
  scenarioLinkSize,
  toBase64Url,
} from "./link";
import { scenarioFromMachine } from "./scenario-machine";
import { loadPreset, PRESETS } from "./presets/presets";
import { checkScenario } from "./validate";

const noPresets = { idOf: () => null, metaOf: () => null };

async function decoded(fragment: string): Promise<ScenarioState> {
  const r = await decodeScenarioLink(fragment);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/**
 * Decodes and expects a refusal. What keeps hostile input cheap is tested by which check refuses it
 * (the length limit, the inflate limit, the checksum, the structure), not by timing the decode.
 */
async function refusal(fragment: string): Promise<string> {
  const r = await decodeScenarioLink(fragment);
  if (r.ok) throw new Error("expected a refusal");
  return r.error.message;
}

/** A link carrying exactly these payload bytes, with a valid checksum (to reach the payload checks). */
const linkOfBytes = async (bytes: Uint8Array): Promise<string> => {
  const checked = new Uint8Array(bytes.length + 4);
  checked.set(bytes);
  new DataView(checked.buffer).setUint32(bytes.length, crc32(bytes), true);
  return `#s1.${toBase64Url(await deflateRaw(checked))}`;
};

const publicDir = fileURLToPath(new URL("../../../public/scenarios/", import.meta.url));
const diskFetch = (url: string) => {
  const bytes = readFileSync(publicDir + (url.split("/").pop() ?? ""));
  return Promise.resolve({
    ok: true,
    status: 200,
    arrayBuffer: () =>
      Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  });
};

async function preset(id: string): Promise<ScenarioState> {
  const r = await loadPreset(id, { fetch: diskFetch });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** A scenario with `count` random 4 KiB mappings anywhere in the canonical address space. */
function randomMappings(count: number, seed: number, ramBytes = 16 * 1024 * 1024): ScenarioState {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
  const ram = new Ram(ramBytes);
  const alloc = FrameAllocator.forRange(0x1000, ramBytes);
  const created = AddressSpace.create(ram, alloc, 4);
  if (!created.ok) throw new Error(created.error.message);
  const space = created.value;
  let mapped = 0;
  while (mapped < count) {
    const page = (BigInt(next() & 0xfffff) << 16n) | BigInt(next() & 0xffff); // 36-bit page number
    const va = page & (1n << 35n) ? 0xffff_0000_0000_0000n | (page << 12n) : page << 12n; // canonical
    const pa = (next() % (ramBytes / 4096)) * 4096;
    const flags = {
      writable: (next() & 1) === 1,
      user: (next() & 1) === 1,
      executeDisable: (next() & 1) === 1,
    };
    if (space.map({ va: va as VirtAddr, pa, size: 4096, leafFlags: flags }).ok) mapped++;
  }
  return scenarioFromMachine(
    { ram, alloc, regs: { ...DEFAULT_REGISTERS, cr3: space.root }, setAccessedDirty: false },
    { va: 0n as VirtAddr, access: { op: "read", mode: "supervisor" }, selection: null },
  );
}

describe("share links", () => {
  it("state → link → state gives back exactly the same state (property)", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (state) => {
        const link = await encodeScenarioLink(state);
        expect(link.startsWith("#s1.")).toBe(true);
        // A random state can be too large for a link (an allocator whose range holds a live table
        // becomes a long free list): such a link is refused as too long, and offered as a file.
        if (link.length > MAX_LINK_LENGTH) {
          const refused = await decodeScenarioLink(link);
          expect(!refused.ok && refused.error.message).toMatch(/^This link is too long/);
          return;
        }
        expect(await decoded(link)).toEqual(state);
        expect(await decoded(link.slice(1))).toEqual(state); // with or without '#'
      }),
      { numRuns: 120 },
    );
  });

  it("every preset survives a link exactly", async () => {
    for (const p of PRESETS) {
      const state = await preset(p.id);
      const link = await encodeScenarioLink(state);
      expect(await decoded(link), p.id).toEqual(state);
      console.info(`${p.id}: link ${link.length} characters`);
      const inline = await encodeScenarioLink(state, noPresets);
      const back = await decodeScenarioLink(inline, noPresets);
      expect(back.ok && back.value, p.id).toEqual(state);
    }
  });

  it("the worked example fits in 300 characters", async () => {
    const state = await preset("worked-example");
    const link = await encodeScenarioLink(state);
    expect(link.length).toBeLessThanOrEqual(300);
    console.info(`worked example link: ${link.length} characters`);
    // Even with its title, description, labels and bookmarks written out it stays small.
    const inline = await encodeScenarioLink(state, noPresets);
    console.info(`worked example link with its text written out: ${inline.length} characters`);
    expect(inline.length).toBeLessThanOrEqual(700);
    // And once the learner changes something the text is carried in full.
    const edited = { ...state, bookmarks: state.bookmarks.slice(1) };
    expect(await decoded(await encodeScenarioLink(edited))).toEqual(edited);
  });

  it("100 random 4 KiB mappings fit in 3,000 characters", async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const state = randomMappings(100, seed);
      expect(state.frames.length).toBeGreaterThan(250); // each mapping needs its own PDPT, PD and PT
      const link = await encodeScenarioLink(state);
      expect(link.length, `seed ${seed}`).toBeLessThanOrEqual(3000);
      console.info(
        `100 random 4 KiB mappings (seed ${seed}, ${state.frames.length} frames): ${link.length} characters`,
      );
      expect(await decoded(link)).toEqual(state);
    }
  });

  it("says when a state is too large for a link", async () => {
    const small = await preset("worked-example");
    expect(await isTooLargeForLink(small)).toBe(false);
    const big = randomMappings(6000, 9, 128 * 1024 * 1024);
    const size = await scenarioLinkSize(big);
    expect(size.length).toBeGreaterThan(MAX_LINK_LENGTH);
    expect(size.fits).toBe(false);
    expect(await isTooLargeForLink(big)).toBe(true);
  });

  it("refuses to encode an invalid state (a programmer error)", async () => {
    const state = await preset("worked-example");
    await expect(encodeScenarioLink({ ...state, ramBytes: 4097 })).rejects.toThrow(/ramBytes/);
  });

  it("base64url round-trips every length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = toBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(fromBase64Url(text)).toEqual(bytes);
      }),
    );
  });
});

describe("hostile links", () => {
  it("empty, foreign, newer and malformed fragments", async () => {
    expect(await refusal("")).toMatch(/fragment is empty/);
    expect(await refusal("#")).toMatch(/fragment is empty/);
    expect(await refusal("#section-2")).toMatch(/does not start with #s1\./);
    expect(await refusal("#s7.AAAA")).toBe(
      "This link was made by a newer Pagewalk (link format version 7); this version reads version 1.",
    );
    expect(await refusal("#s0.AAAA")).toMatch(/not one Pagewalk ever made/);
    expect(await refusal("#s1.")).toMatch(/carries no data/);
    expect(await refusal("#s1.ab$cd")).toMatch(/not valid base64url/);
    expect(await refusal("#s1.abcde")).toMatch(/not valid base64url/);
    expect(await refusal("#s1.<script>alert(1)</script>")).toMatch(/not valid base64url/);
    expect(await refusal("#s1.Zm9vYmFy")).toMatch(/damaged/);
    expect(await refusal("#s1.Y2RjalBo?present=1")).toBe(
      "This link has its flags after the # (?present=1): flags such as ?present=1 go before the #, as in …/?present=1#s1.… .",
    );
  });

  it("a link pasted twice is named as such, not as cut short", async () => {
    const link = await encodeScenarioLink(await preset("fault-gallery"), noPresets);
    const doubled =
      "This link has a second link pasted onto its end (was it pasted twice?): copy the link once, on its own.";
    expect(await refusal(link + link)).toBe(doubled);
    expect(await refusal(link + link.slice(1))).toBe(doubled);
    expect(await refusal(`${link}https://pagewalk.example/${link}`)).toBe(doubled);
    expect((await decodeScenarioLink(link, noPresets)).ok).toBe(true);
  });

  it("refuses an oversized fragment before decoding it", async () => {
    expect(await refusal("#s1." + "A".repeat(MAX_LINK_LENGTH))).toMatch(/too long/);
  });

  it("truncated links", async () => {
    const link = await encodeScenarioLink(await preset("fault-gallery"), noPresets);
    for (const cut of [5, 10, link.length / 2, link.length - 3, link.length - 1]) {
      const message = await refusal(link.slice(0, Math.floor(cut)));
      expect(message).toMatch(/damaged|not valid base64url|carries no data|invalid/);
    }
  });

  it("a link cut inside its compressed data says so in the user's words, never the platform's", async () => {
    const link = await encodeScenarioLink(await preset("fault-gallery"), noPresets);
    // Every cut that leaves whole base64url groups: the data stops inside the deflate stream.
    const cuts = [8, 12, 20, 40, link.length - 20, link.length - 8].map((n) => n - ((n - 4) % 4));
    for (const cut of cuts) {
      const message = await refusal(link.slice(0, cut));
      expect(message, `cut at ${cut}`).toBe(CUT_OR_DAMAGED);
      expect(message).not.toMatch(/Failed|execute|Stream|Writer|end of file|Compressed input/);
    }
  });

  it("a payload whose checksum does not match is refused as damaged", async () => {
    const link = await encodeScenarioLink(await preset("recursive"), noPresets);
    const payload = await deflateRaw(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(await refusal(`#s1.${toBase64Url(payload)}`)).toMatch(/checksum does not match/);
    expect(await refusal(link.slice(0, link.length - 3))).toMatch(/damaged/);
  });

  it("bit-flipped links never crash or hang: refused, or a valid scenario", async () => {
    const link = await encodeScenarioLink(await preset("recursive"), noPresets);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let refused = 0;
    for (let i = 4; i < link.length; i += 3) {
      const c = alphabet[(alphabet.indexOf(link[i] as string) + 1 + (i % 7)) % 64] as string;
      const tampered = link.slice(0, i) + c + link.slice(i + 1);
      const r = await decodeScenarioLink(tampered, noPresets);
      if (r.ok) expect(checkScenario(r.value)).toBeNull();
      else {
        refused++;
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    // The checksum catches every change that alters the bytes (only the unused low bits of the
    // last character can change without altering them).
    expect(refused).toBeGreaterThanOrEqual(Math.floor((link.length - 4) / 3));
  });

  it("decompression bombs: refused by length, or stopped at 8 MiB while inflating", async () => {
    const bomb100 = await linkOfBytes(new Uint8Array(100 * 1024 * 1024));
    expect(bomb100.length).toBeGreaterThan(MAX_LINK_LENGTH);
    expect(await refusal(bomb100)).toMatch(/too long/);
    const bomb40 = await linkOfBytes(new Uint8Array(40 * 1024 * 1024));
    expect(bomb40.length).toBeLessThan(MAX_LINK_LENGTH);
    expect(await refusal(bomb40)).toMatch(/unpacks to more than 8 MiB/);
  });

  it("deeply nested JSON, huge numbers and junk in the payload", async () => {
    const nested = new TextEncoder().encode("[".repeat(100_000) + "]".repeat(100_000));
    expect(await refusal(await linkOfBytes(nested))).toMatch(/damaged/);
    expect(
      await refusal(await linkOfBytes(new Uint8Array([1, 0, 0, ...new Array<number>(20).fill(0xff)]))),
    ).toMatch(/number is too long/);
    // Flag 0x80 says a second flags byte follows; an unknown bit there is refused as well.
    expect(await refusal(await linkOfBytes(new Uint8Array([1, 0x80, 0x80])))).toMatch(/unknown flags 0x8080/);
    expect(await refusal(await linkOfBytes(new Uint8Array([1, 0x80, 0])))).toMatch(/unknown flags 0x8000/);
    expect(await refusal(await linkOfBytes(new Uint8Array([2])))).toMatch(/format version 2/);
    const valid = packScenario(await preset("worked-example"));
    expect(await refusal(await linkOfBytes(new Uint8Array([...valid, 0])))).toMatch(
      /unexpected bytes at the end/,
    );
  });

  it("memory types in a link are read as a file's pat/mtrr fields, with the file's reasons", async () => {
    const worked = await preset("worked-example");
    const reservedPat = packScenario({ ...worked, memoryTypes: { pat: 2n, mtrrs: null } });
    expect(await refusal(await linkOfBytes(reservedPat))).toMatch(/memory types are malformed \(pat: /);
    const typed = {
      ...worked,
      memoryTypes: {
        pat: 0x0007040600070406n,
        mtrrs: { enabled: true, defaultType: "WB" as const, fixed: null, variable: [] },
      },
    };
    expect((await decoded(await linkOfBytes(packScenario(typed)))).memoryTypes).toEqual(typed.memoryTypes);
  });

  it("carries the walk stepper's step (flag 32 and a varint); a link from before steps opens as it did", async () => {
    const state = await preset("worked-example");
    const stepped = { ...state, step: 5 };
    expect((await decoded(await encodeScenarioLink(stepped))).step).toBe(5);
    const plain = await decoded(await encodeScenarioLink(state));
    expect("step" in plain).toBe(false);
    // Made by Pagewalk before the stepper: the worked example at 0x803fe81020, PT[129] selected.
    const old = await decoded(
      "#s1.Y2RjalBoUOBiYGBYsGDB_2YBBkaOJka-8vyi7NQU3dSKxNyCnFQWRgZGZhYmBgZmJkaG_8zMTIyMDMwMdYy8xuz3lAA",
    );
    expect(old).toEqual({
      ...state,
      va: 0x803fe81020n,
      selection: { table: { addr: 0x8000, level: 1 }, entryIndex: 129 },
    });
    // The step is a varint after the selection: 0 and 65 are refused, 3 opens.
    // version, flags 32, no registers, RAM 16 frames, allocator 1/0/0/0 free, va 0, access 0, step,
    // then no text (0 labels, 0 bookmarks, 0 processes) and no frames.
    const withStep = (step: number) => new Uint8Array([1, 32, 0, 16, 1, 0, 0, 0, 0, 0, step, 0, 0, 0, 0]);
    expect(await refusal(await linkOfBytes(withStep(0)))).toMatch(/damaged: step 0 is not 1–64/);
    expect(await refusal(await linkOfBytes(withStep(65)))).toMatch(/damaged: step 65 is not 1–64/);
    expect((await decoded(await linkOfBytes(withStep(3)))).step).toBe(3);
  });

  it("counts are checked before anything is allocated", async () => {
    // version, flags 0, no registers, RAM 16 frames, allocator 1/0/0/0 free, va 0, access 0, then
    // no text (0 labels, 0 bookmarks, 0 processes) and a frame count of 2^40.
    const head = [1, 0, 0, 16, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(
      await refusal(await linkOfBytes(new Uint8Array([...head, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20]))),
    ).toMatch(/too many frames/);
    expect(await refusal(await linkOfBytes(new Uint8Array([...head, 5, 0, 0])))).toMatch(
      /ends before its 5 frames/,
    );
    // 2^20 bookmarks announced.
    const text = [1, 0, 0, 16, 1, 0, 0, 0, 0, 0, 0, 0x80, 0x80, 0x40];
    expect(await refusal(await linkOfBytes(new Uint8Array(text)))).toMatch(/too many bookmarks/);
  });

  it("semantic checks apply to links too", async () => {
    const state = await preset("worked-example");
    const bad = { ...state, registers: { ...state.registers, maxPhyAddr: 60 } };
    expect(await refusal(await linkOfBytes(packScenario(bad)))).toMatch(
      /registers: MAXPHYADDR must be between 36 and 52/,
    );
    const badAlloc = {
      ...state,
      allocator: { ...state.allocator, freePfns: [state.allocator.firstPfn + 5] },
    };
    expect(await refusal(await linkOfBytes(packScenario(badAlloc)))).toMatch(/allocator.free\[0\]/);
  });

  it("prototype-pollution names and unknown presets", async () => {
    const enc = new TextEncoder().encode("__proto__");
    const bytes = [1, 4, 0, 16, 1, 0, 0, 0, 0, 0, enc.length, ...enc, 0];
    expect(await refusal(await linkOfBytes(new Uint8Array(bytes)))).toMatch(
      /example "__proto__" this version does not have/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("text from a link is kept as text", async () => {
    const state = {
      ...(await preset("worked-example")),
      title: "<img src=x onerror=alert(1)>",
      description: "</title><script>alert(1)</script>",
    };
    expect((await decoded(await encodeScenarioLink(state))).title).toBe("<img src=x onerror=alert(1)>");
  });
});
