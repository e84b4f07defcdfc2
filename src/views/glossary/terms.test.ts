import { describe, expect, it } from "vitest";
import { FIELD_TERMS, GLOSSARY, LEVEL_ENTRY_TERMS, PF_BIT_TERMS } from "./terms";

/** Sentences end with a full stop followed by a space or the end of the text. */
const sentences = (text: string): number => text.split(/(?<=[.!?])\s+(?=[A-Z0-9#(])/).length;

describe("the glossary", () => {
  it("explains each term in two sentences and cites the SDM", () => {
    for (const t of GLOSSARY) {
      expect(sentences(t.text), t.id).toBe(2);
      expect(t.text.endsWith("."), t.id).toBe(true);
      expect(t.sdm, t.id).toMatch(/§\d+\.\d+/);
    }
    expect(new Set(GLOSSARY.map((t) => t.id)).size).toBe(GLOSSARY.length);
  });

  it("covers every term the page uses", () => {
    const terms = GLOSSARY.map((t) => t.term.split(" (")[0]);
    const wanted = [
      ...["PML5E", "PML4E", "PDPTE", "PDE", "PTE", "P", "R/W", "U/S", "PWT", "PCD", "A", "D", "PS", "PAT"],
      ...["G", "XD", "Protection key", "Canonical address", "CR0.WP", "CR2", "CR3", "CR4.LA57", "CR4.SMEP"],
      ...["CR4.SMAP", "CR4.PKE", "PKRU", "RFLAGS.AC", "EFER.NXE", "MAXPHYADDR", "Reserved bits", "#PF"],
      ...["#GP", "Page frame", "Huge page", "TLB"],
      ...["IA32_PAT", "MTRR", "Memory type"],
      ...["P", "W/R", "U/S", "RSVD", "I/D", "PK"].map((b, k) => `Error code bit ${k}: ${b}`),
    ];
    for (const w of wanted) expect(terms, w).toContain(w);
    // The maps the UI links through name terms that exist (TermId makes that a compile error too).
    const ids = new Set<string>(GLOSSARY.map((t) => t.id));
    for (const id of [
      ...Object.values(LEVEL_ENTRY_TERMS),
      ...Object.values(PF_BIT_TERMS),
      ...Object.values(FIELD_TERMS),
    ])
      expect(ids.has(id), id).toBe(true);
  });
});
