// Node-side checks of the views (no DOM here: server rendering gives the markup).
import fc from "fast-check";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { PAGE_4K, encodeEntry, type PhysAddr } from "../core/arch";
import { Ram } from "../core/memory";
import { buildTableGraph } from "../core/inspect";
import { PageTableGraph } from "./graph/PageTableGraph";
import { decodeTableFrame } from "./tableEntries";
import { TableView } from "./TableView";

const MiB = 1024 * 1024;

function machine(): Ram {
  const ram = new Ram(16 * MiB);
  ram.writeEntry(0x1000, encodeEntry(4, 0x2000, { writable: true }, false));
  ram.writeEntry(0x1000 + 510 * 8, encodeEntry(4, 0x1000, { writable: true }, false));
  ram.writeEntry(0x2000, encodeEntry(3, 0x3000, { writable: true }, false));
  ram.writeEntry(0x3000, encodeEntry(2, 0x4000, { writable: true }, false));
  ram.writeEntry(0x3000 + 8, encodeEntry(2, 0x20_0000, { writable: true }, true));
  for (let i = 0; i < 300; i++)
    ram.writeEntry(0x4000 + i * 8, encodeEntry(1, 0x40_0000 + i * PAGE_4K, { executeDisable: true }, true));
  ram.writeEntry(0x4000 + 400 * 8, 0x1234_0000n); // garbage
  ram.writeEntry(0x4000 + 401 * 8, 0x8000_0000_0000_5001n); // XD without NXE: reserved when nxe=false
  return ram;
}

describe("decodeTableFrame", () => {
  it("classifies, formats and counts the 512 entries", () => {
    const ram = machine();
    const t = decodeTableFrame(ram.readFrame(4), 1, 46, false);
    expect(t.counts).toMatchObject({ leaf4k: 0, reserved: 301, garbage: 1 }); // XD set everywhere but NXE = 0
    const ok = decodeTableFrame(ram.readFrame(4), 1, 46, true);
    expect(ok.counts).toMatchObject({ leaf4k: 301, garbage: 1, empty: 210 });
    expect(ok.entries[1]).toEqual({
      index: 1,
      entryClass: "leaf4k",
      raw: "0x8000000000401001",
      target: 0x401000,
      flags: "RO S XD",
    });
    expect(decodeTableFrame(null, 1, 46, true).outside).toBe(true);
  });

  it("decoding again after edits keeps unchanged entries' objects and equals a fresh decode (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 511 }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), {
          minLength: 1,
          maxLength: 6,
        }),
        (edits) => {
          const ram = machine();
          const before = decodeTableFrame(ram.readFrame(4), 1, 46, true);
          for (const [i, value] of edits) ram.writeEntry(0x4000 + i * 8, value);
          const again = decodeTableFrame(ram.readFrame(4), 1, 46, true, before);
          expect(again).toEqual(decodeTableFrame(ram.readFrame(4), 1, 46, true));
          const edited = new Set(edits.map(([i]) => i));
          for (let i = 0; i < 512; i++) if (!edited.has(i)) expect(again.entries[i]).toBe(before.entries[i]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("TableView (server-rendered)", () => {
  it("renders a 32×16 grid with named cells, one tab stop, and the present entries", () => {
    const ram = machine();
    const html = renderToStaticMarkup(
      <TableView
        memory={ram}
        table={0x4000 as PhysAddr}
        level={1}
        maxPhyAddr={46}
        nxe
        selectedIndex={5}
        highlightIndex={7}
      />,
    );
    expect(html.match(/role="gridcell"/g)).toHaveLength(512);
    expect(html.match(/role="row" class="pw-grid-row"/g)).toHaveLength(16);
    // The list: a header row, then the rows of the 301 present entries that fit its 320 px box
    // (24 px rows before anything is measured) and 6 more; the rest only count in aria-rowcount.
    expect(html.match(/role="row" class="pw-entry-row"/g)).toHaveLength(1 + 14 + 6);
    expect(html).toContain('aria-rowcount="302"');
    expect(html.match(/role="columnheader"/g)).toHaveLength(5);
    // One tab stop in the grid (roving tabindex), plus the scrollable list of present entries.
    expect(html.match(/role="gridcell"[^>]*tabindex="0"|tabindex="0"[^>]*role="gridcell"/g)).toHaveLength(1);
    expect(html.match(/tabindex="0"/g)).toHaveLength(2);
    expect(html).toContain('aria-label="entry 127"');
    expect(html).toContain('aria-label="Select PT entry 19"');
    expect(html).not.toContain('aria-label="Select PT entry 20"');
    expect(html).toContain("301 present entries in PT at 0x4000");
    // The time this render takes is a figure of `npm run bench` (bench/views.bench.tsx).
  });

  it("colours cells and swatches by kind, only a pointer's fill (its level's) set inline", () => {
    const render = (level: 1 | 2) =>
      renderToStaticMarkup(
        <TableView memory={machine()} table={0x4000 as PhysAddr} level={level} maxPhyAddr={46} nxe />,
      );
    const pt = render(1);
    // A leaf or an empty entry carries no colour of its own: its kind picks the fill (TableView.css).
    expect(pt).not.toMatch(/role="gridcell"[^>]*style=/);
    expect(pt).toMatch(/class="pw-cell" data-index="0" data-class="leaf4k"/);
    expect(pt).toMatch(/class="pw-swatch" data-class="leaf4k" aria-hidden/);
    // Read as a PD, the same frame's non-leaf entries point to PTs: they take the PT level's colour.
    const pd = render(2);
    expect(pd).toMatch(/data-class="table"[^>]*style="background:var\(--level-1\)"/);
    expect(pd).toMatch(/class="pw-swatch" data-class="table" style="background:var\(--level-1\)"/);
  });

  it("a list whose targets have names says so (their own line where rows fold), one without does not", () => {
    const render = (frameNames: ReadonlyMap<number, string>) =>
      renderToStaticMarkup(
        <TableView
          memory={machine()}
          table={0x3000 as PhysAddr}
          level={2}
          maxPhyAddr={46}
          nxe
          frameNames={frameNames}
        />,
      );
    const named = render(new Map([[0x4000, "the PT"]]));
    expect(named).toContain('class="pw-entry-scroll pw-named"');
    // The name stays in its target's cell, read with the address; the header labels its line.
    expect(named).toMatch(/0x4000<span class="frame-name pw-name-line"> “the PT”<\/span><\/div>/);
    expect(named).toMatch(/Target<span class="pw-name-line" aria-hidden="true">Target’s name<\/span>/);
    // A name of a frame no entry points to changes nothing.
    const unnamed = render(new Map([[0x9000, "elsewhere"]]));
    expect(unnamed).toContain('class="pw-entry-scroll"');
    expect(unnamed).not.toContain("pw-named");
    expect(unnamed).not.toContain("pw-name-line");
  });

  it("says so when the table lies beyond RAM", () => {
    const html = renderToStaticMarkup(
      <TableView memory={new Ram(MiB)} table={0x20_0000 as PhysAddr} level={2} maxPhyAddr={46} nxe />,
    );
    expect(html).toContain("PD at 0x200000 lies beyond RAM");
  });
});

describe("PageTableGraph (server-rendered)", () => {
  it("one focusable button per table, named by level and address; zoom controls named", () => {
    const graph = buildTableGraph(machine(), 0x1000 as PhysAddr, 4, { maxPhyAddr: 46, nxe: true });
    const html = renderToStaticMarkup(
      <PageTableGraph
        graph={graph}
        levels={4}
        highlightPath={[0x1000 as PhysAddr, 0x2000 as PhysAddr]}
        highlightIndices={[0, 0]}
      />,
    );
    // Four tables, each with its collapse toggle (the leaf runs are buttons only when they can walk a VA).
    expect(html.match(/role="button"/g)).toHaveLength(8);
    expect(html.match(/aria-label="Collapse subtree: /g)).toHaveLength(4);
    for (const name of ["PML4 at 0x1000", "PDPT at 0x2000", "PD at 0x3000", "PT at 0x4000"])
      expect(html).toContain(`aria-label="${name}"`);
    for (const name of ["Zoom in", "Zoom out", "Fit"]) expect(html).toContain(`aria-label="${name}"`);
    expect(html).toContain("PT[0–299] → 300 × 4 KiB, RO, NX");
    expect(html).toContain("PD[1] → 1 × 2 MiB, RW");
    expect(html).toContain("pw-link-back");
    expect(html.match(/data-on-path="true"/g)).toHaveLength(2);
  });
});
