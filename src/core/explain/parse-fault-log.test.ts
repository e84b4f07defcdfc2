import { describe, expect, it } from "vitest";
import { parseFaultLog } from "./parse-fault-log";
import { readLog } from "./__fixtures__/read-log";
import { MAX_LOG_CHARS } from "./log-lines";

function message(text: string): string {
  const r = parseFaultLog(text);
  if (r.ok) throw new Error("expected a refusal");
  return r.error.message;
}

describe("parseFaultLog", () => {
  it("reads a -d int log's first #PF and its register block, and notes what followed", () => {
    const r = parseFaultLog(readLog("qemu-int-triple-fault.log"));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.format).toBe("qemu-int");
    expect(r.value.cpl).toBe(3);
    expect(r.value.registers).toEqual({ cr0: 0x80010011, cr3: 0x10000, cr4: 0x20, efer: 0xd00 | 0x400 });
    expect(r.value.rip).toBe(0x7fff00001000n);
    expect(r.value.notes).toContain("After this #PF the log shows #DF; the first #PF is explained.");
  });

  it("reads an oops' PGD … PTE line, folding nothing yet (the walk folds P4D)", () => {
    const r = parseFaultLog(readLog("linux-oops-write-ro.log"));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.oopsEntries.map((e) => e.name)).toEqual(["PGD", "P4D", "PUD", "PMD", "PTE"]);
    expect(r.value.oopsEntries[4]?.raw).toBe(0x8000000004856161n);
    expect(r.value.registers.cr4).toBe(0x750ef0);
  });

  it("reads the x86_64 crate's empty error code", () => {
    const r = parseFaultLog("Accessed Address: VirtAddr(0xdeadbeaf)\nError Code: PageFaultErrorCode(0x0)\n");
    expect(r.ok && r.value.errorCode).toBe(0);
    expect(r.ok && r.value.va).toBe(0xdeadbeafn);
  });

  it("refuses a fault address or an entry wider than 64 bits instead of wrapping it", () => {
    expect(
      message("Accessed Address: VirtAddr(0x10000000000000001)\nError Code: PageFaultErrorCode(0x7)\n"),
    ).toBe("The faulting address 0x10000000000000001 does not fit in 64 bits.");
    expect(message("CR2: 0x1000000000000803fe80010\nError Code: PageFaultErrorCode(0x2)\n")).toBe(
      "The faulting address 0x1000000000000803fe80010 does not fit in 64 bits.",
    );
    const code = "#PF: error_code(0x0002) - not-present page\n";
    expect(message(`BUG: unable to handle page fault for address: 1ffffff0daa574910\n${code}`)).toBe(
      'Line 1: the fault address "1ffffff0daa574910" does not fit in 64 bits.',
    );
    // QEMU's CR2 is read whole, never cut to its first 16 digits.
    const qemu = readLog("qemu-int-worked-example-xd.log").replace(
      /CR2=000000803fe81020/g,
      "CR2=1000000803fe81020",
    );
    expect(message(qemu)).toBe("CR2 0x1000000803fe81020 does not fit in 64 bits.");
    // Thousands of digits or letters are quoted cut short.
    expect(
      message(`Accessed Address: VirtAddr(0x${"9".repeat(5000)})\nError Code: PageFaultErrorCode(0x2)\n`),
    ).toBe(`The faulting address 0x${"9".repeat(40)}… does not fit in 64 bits.`);
    expect(message(`CR2: 0x1000\nError Code: PageFaultErrorCode(${"X".repeat(3000)})\n`)).toMatch(
      new RegExp(`^Line 2: "${"X".repeat(40)}…" is not a PageFaultErrorCode flag`),
    );
    // Leading zeros are not width: the address is read.
    const zeros = parseFaultLog(
      `BUG: unable to handle page fault for address: 0000ffffc90000a3f000\n${code}`,
    );
    expect(zeros.ok && zeros.value.va).toBe(0xffffc90000a3f000n);
    expect(
      message(
        `BUG: unable to handle page fault for address: ffffc90000a3f000\n${code}PGD 1 P4D 10000000000000000\n`,
      ),
    ).toBe('Line 3: the P4D value "10000000000000000" does not fit in 64 bits.');
  });

  it("refuses a -d int log cut in its exception line", () => {
    const cut = "     0: v=0e e=0002 i=0 cpl=0 IP=00";
    expect(message(cut)).toBe(
      'Line 1: "0: v=0e e=0002 i=0 cpl=0 IP=00" starts like a QEMU -d int exception line (v=… e=… i=… cpl=… IP=…) but cannot be read.',
    );
  });

  it("refuses a garbled error code", () => {
    expect(message("     0: v=0e e=00zz i=0 cpl=0 IP=0008:0000000000401000 pc=0000000000401000")).toMatch(
      /^Line 1: .* cannot be read\.$/,
    );
  });

  it("refuses a #PF line without CR2 and without a register block", () => {
    expect(
      message(
        "     0: v=0e e=0002 i=0 cpl=0 IP=0008:0000000000401000 pc=0000000000401000 SP=0010:0000000000009f00\n",
      ),
    ).toBe("Line 1: the #PF line has no CR2= and no register block follows it: the log is cut short.");
  });

  it("says when a -d int log has no page fault", () => {
    expect(
      message(
        "     0: v=0d e=0000 i=0 cpl=0 IP=0008:0000000000401000 pc=0000000000401000 SP=0010:0000000000009f00 env->regs[R_EAX]=0000000000000000",
      ),
    ).toBe("The QEMU log has no page fault (v=0e); it shows #GP.");
  });

  it("refuses an oops cut before its error code", () => {
    expect(message("[    7.1] BUG: unable to handle page fault for address: ffffc90000a3f000\n")).toBe(
      'The oops has no error code: neither "#PF: error_code(0x…)" nor "Oops: NNNN". Paste the whole oops.',
    );
  });

  it("refuses an oops whose entry line is cut or garbled", () => {
    const head =
      "BUG: unable to handle page fault for address: ffffc90000a3f000\n#PF: error_code(0x0002) - not-present page\n";
    expect(message(head + "PGD 100000067 P4D\n")).toBe('Line 3: the page-table line stops after "P4D".');
    expect(message(head + "PGD 100000067 P4D 10zz\n")).toBe('Line 3: the P4D value "10zz" is not hex.');
    expect(message(head + "PGD 1 PUD 2\n")).toBe('Line 3: expected P4D but found "PUD".');
  });

  it("refuses an x86_64 crate error code without CR2, and an unknown flag", () => {
    expect(message("Error Code: PageFaultErrorCode(CAUSED_BY_WRITE)\n")).toBe(
      'Line 1: the error code is there but not the faulting address: add CR2 (e.g. "Accessed Address: VirtAddr(0x…)" or "CR2: 0x…").',
    );
    expect(message("CR2: 0x1000\nError Code: PageFaultErrorCode(CAUSED_BY_WRTE)\n")).toMatch(
      /^Line 2: "CAUSED_BY_WRTE" is not a PageFaultErrorCode flag/,
    );
  });

  it("reads a log past its length limit from its first page-fault report, and says which lines", () => {
    // A -d int log of a kernel that ran a while: 60,000 timer interrupts, then the triple fault.
    const ticks = "     0: v=20 e=0000 i=0 cpl=0 IP=0008:ffffffff8100a000 SP=0010:ffff888000001000\n".repeat(
      60_000,
    );
    const fault = readLog("qemu-int-triple-fault.log");
    const alone = parseFaultLog(fault);
    const long = parseFaultLog(ticks + fault);
    if (!alone.ok || !long.ok) throw new Error("not read");
    expect((ticks + fault).length).toBeGreaterThan(MAX_LOG_CHARS);
    expect(long.value).toMatchObject({
      va: alone.value.va,
      errorCode: alone.value.errorCode,
      cpl: alone.value.cpl,
    });
    expect(long.value.registers).toEqual(alone.value.registers);
    const at = fault.split("\n").findIndex((l) => /v=0e/.test(l)) + 60_001;
    const total = 60_000 + fault.trimEnd().split("\n").length;
    // From the #PF line to the log's end (fewer than 400 lines).
    expect(long.value.notes[0]).toBe(
      `The log is long (${total.toLocaleString("en-US")} lines): lines ${at.toLocaleString("en-US")}–${total.toLocaleString("en-US")} were read, from its first page-fault report on.`,
    );
    // A garbled report there is named by its line in the whole log.
    expect(message(ticks + "     0: v=0e e=00zz i=0 cpl=0 IP=0008:0000000000401000\n")).toMatch(
      /^Line 60001: /,
    );
  });

  it("refuses a log past its length limit that has no page-fault report, saying so", () => {
    const noise = "     0: v=20 e=0000 i=0 cpl=0 IP=0008:ffffffff8100a000\n".repeat(90_000);
    expect(message(noise)).toBe(
      `The log is too long to explain whole (${noise.length.toLocaleString("en-US")} characters, and the limit is 4,194,304) and has no page-fault report to read it from (a QEMU -d int v=0e line, an oops' BUG: or #PF: line, a PageFaultErrorCode(…)): give the part around the fault.`,
    );
  });

  it("refuses text that is no fault log, and an empty paste", () => {
    expect(message("hello world")).toMatch(/^This is not a fault log Pagewalk reads: expected QEMU -d int/);
    expect(message("  \n")).toBe("The log is empty: paste a fault log.");
  });

  it("refuses a register dump cut before CR3", () => {
    expect(
      message("RIP=0000000000401000 RFL=00000002 [-------] CPL=0\nCR0=80010011 CR2=0000000000001000 CR3="),
    ).toBe("The QEMU register dump has no CR2= or CR3= value: it is cut short.");
  });
});
