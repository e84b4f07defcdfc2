#!/usr/bin/env python3
"""Fault-log corpus for `pagewalk explain` (src/core/explain/__fixtures__/logs/).

usage: python3 scripts/oracle/make-fault-logs.py

Each log is a page fault that QEMU 7.2 really raised in the oracle's probe run (tier 2 of
/work/shared/oracle): the VA, the access, the error code (QEMU's own for a reserved-bit fault, which lacks P)
and the registers are taken from the committed golden fixtures (src/core/__fixtures__/oracle/),
then printed in the format of each source, as QEMU 7.2, Linux 6.1 and the x86_64 crate print
them. The register block's general-purpose registers, segments and RIP are not recorded by
the oracle and are printed as fixed stand-ins; every paging-relevant field is the recorded one.
The Linux oops' `PGD … PTE …` line is read from the real Linux 6.1 capture with a small
walker of its own (independent of the TypeScript engine that the tests check).
Python 3 stdlib only.
"""
import gzip, json, os

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GOLDEN = os.path.join(ROOT, "src", "core", "__fixtures__", "oracle")
OUT = os.path.join(ROOT, "src", "core", "explain", "__fixtures__", "logs")
M64 = (1 << 64) - 1


def golden(name):
    path = os.path.join(GOLDEN, name + ".golden.json")
    if os.path.exists(path):
        return json.load(open(path))
    return json.load(gzip.open(path + ".gz"))


def fault_case(g, kind, code=None, va=None):
    """The first case whose `kind` access QEMU faulted with #PF (and `code`, `va` if given)."""
    for c in g["cases"]:
        a = c["access"][kind]
        if a.get("outcome") != "fault" or a.get("exception") != "#PF":
            continue
        # The SDM's code, except for a reserved-bit fault, where QEMU 7.2's own (without P) is kept
        # as QEMU prints it; its lock-xadd W = 0 quirk is not kept (a plain store sets W).
        qcode = a["errorCode"] if not int(a["errorCode"], 16) & 8 else a.get("qemuErrorCode", a["errorCode"])
        if code is not None and int(a["errorCode"], 16) != code:
            continue
        if va is not None and int(c["va"], 16) != va:
            continue
        return int(c["va"], 16), int(qcode, 16)
    raise SystemExit(f"{g['name']}: no {kind} #PF with code {code} at {va}")


def regs(g, key):
    return int(g["registers"][key], 16)


def reg_block(g, cr2, cpl, rip):
    """QEMU 7.2 x86_cpu_dump_state (64-bit, CPU_DUMP_CCOP) as -d int and info registers print it."""
    cr0 = regs(g, "cr0") | 0x10  # QEMU adds CR0.ET (the oracle's registersAsSet)
    efer = regs(g, "efer") | 0x400  # LMA, set once paging is on
    cs, ss = (0x1B, 0x23) if cpl == 3 else (0x08, 0x10)
    dpl = cpl
    z = "0" * 16
    return "\n".join([
        f"RAX={z} RBX={z} RCX={z} RDX={z}",
        f"RSI={z} RDI={z} RBP={z} RSP=0000000000009f00",
        f"R8 ={z} R9 ={z} R10={z} R11={z}",
        f"R12={z} R13={z} R14={z} R15={z}",
        f"RIP={rip:016x} RFL=00000002 [-------] CPL={cpl} II=0 A20=1 SMM=0 HLT=0",
        f"ES =0000 0000000000000000 00000000 00000000",
        f"CS ={cs:04x} 0000000000000000 ffffffff 00a0{'fb' if dpl == 3 else '9b'}00 DPL={dpl} CS64 [-RA]",
        f"SS ={ss:04x} 0000000000000000 ffffffff 00c0{'f3' if dpl == 3 else '93'}00 DPL={dpl} DS   [-WA]",
        f"DS =0000 0000000000000000 00000000 00000000",
        f"FS =0000 0000000000000000 00000000 00000000",
        f"GS =0000 0000000000000000 00000000 00000000",
        f"LDT=0000 0000000000000000 0000ffff 00008200 DPL=0 LDT",
        f"TR =0028 0000000000001000 00000067 00008900 DPL=0 TSS64-avl",
        f"GDT=     0000000000000000 00000037",
        f"IDT=     0000000000002000 00000fff",
        f"CR0={cr0:08x} CR2={cr2:016x} CR3={regs(g, 'cr3'):016x} CR4={regs(g, 'cr4'):08x}",
        f"DR0={z} DR1={z} DR2={z} DR3={z} ",
        f"DR6=00000000ffff0ff0 DR7=0000000000000400",
        f"CCS={z} CCD={z} CCO=EFLAGS",
        f"EFER={efer:016x}",
    ])


def int_line(count, vector, code, cpl, rip, cr2=None, rax=0):
    cs, ss = (0x1B, 0x23) if cpl == 3 else (0x08, 0x10)
    tail = f" CR2={cr2:016x}" if vector == 0x0E else f" env->regs[R_EAX]={rax:016x}"
    return (f"{count:6d}: v={vector:02x} e={code:04x} i=0 cpl={cpl} IP={cs:04x}:{rip:016x} pc={rip:016x} "
            f"SP={ss:04x}:0000000000009f00{tail}")


def qemu_int(g, kind, code=None, va=None, rip=0x7FFF00001000, triple=False):
    va, qcode = fault_case(g, kind, code, va)
    cpl = 3 if kind.startswith("user") else 0
    out = ["check_exception old: 0xffffffff new 0xe", int_line(0, 0x0E, qcode, cpl, rip, va), reg_block(g, va, cpl, rip)]
    if triple:
        out += ["check_exception old: 0xe new 0xe", int_line(1, 0x08, 0, 0, rip, rax=0),
                reg_block(g, va, 0, rip), "check_exception old: 0x8 new 0xe", "Triple fault"]
    return "\n".join(out) + "\n"


def info_registers(g, kind, code=None, va=None, rip=0x7FFF00001000):
    va, _ = fault_case(g, kind, code, va)
    return reg_block(g, va, 3 if kind.startswith("user") else 0, rip) + "\n"


def x86_64_crate(g, kind, code=None, va=None, style="bitflags2"):
    va, qcode = fault_case(g, kind, code, va)
    names = ["PROTECTION_VIOLATION", "CAUSED_BY_WRITE", "USER_MODE", "MALFORMED_TABLE",
             "INSTRUCTION_FETCH", "PROTECTION_KEY"]
    flags = " | ".join(n for i, n in enumerate(names) if qcode >> i & 1)
    if style == "bitflags2":
        code_text = f"Error Code: PageFaultErrorCode({flags or '0x0'})"
    else:
        code_text = f"Error Code: {flags or '(empty)'}"
    return "\n".join([
        "EXCEPTION: PAGE FAULT",
        f"Accessed Address: VirtAddr({va:#x})",
        code_text,
        "InterruptStackFrame {",
        "    instruction_pointer: VirtAddr(0x20a3b2),",
        "    code_segment: SegmentSelector { index: 1, rpl: Ring0 },",
        "    cpu_flags: RFlags(RESUME_FLAG | 0x2),",
        "    stack_pointer: VirtAddr(0x10000201f98),",
        "    stack_segment: SegmentSelector { index: 0, rpl: Ring0 },",
        "}",
    ]) + "\n"


def linux_walk(g, va):
    """The oops' dump_pagetable line from the capture's frames (4-level: P4D printed = PGD)."""
    frames = {int(k, 16): {int(i): int(v, 16) for i, v in t.items()} for k, t in g["frames"].items()}
    maxpa = g["registers"]["maxPhyAddr"]
    addr_mask = ((1 << maxpa) - 1) & ~0xFFF
    table = regs(g, "cr3") & addr_mask
    parts = []
    for name, shift in (("PGD", 39), ("P4D", None), ("PUD", 30), ("PMD", 21), ("PTE", 12)):
        if name == "P4D":
            parts.append(f"P4D {parts[-1].split()[1]}")
            continue
        e = frames.get(table, {}).get((va >> shift) & 511, 0)
        parts.append(f"{name} {e:x}")
        if not e & 1 or (name in ("PUD", "PMD") and e & 0x80):
            break
        table = e & addr_mask
    return " ".join(parts)


def linux_oops(g, kind, code=None, va=None):
    va, qcode = fault_case(g, kind, code, va)
    who = "user" if qcode & 4 else "supervisor"
    what = "instruction fetch" if qcode & 0x10 else "write" if qcode & 2 else "read"
    mode = "user" if qcode & 4 else "kernel"
    why = ("reserved bit violation" if qcode & 8 else "protection keys violation" if qcode & 0x20
           else "permissions violation" if qcode & 1 else "not-present page")
    t = "[    7.{:06d}] "
    lines = [
        f"BUG: unable to handle page fault for address: {va:016x}",
        f"#PF: {who} {what} access in {mode} mode",
        f"#PF: error_code(0x{qcode:04x}) - {why}",
        linux_walk(g, va),
        f"Oops: {qcode:04x} [#1] PREEMPT SMP NOPTI",
        "CPU: 0 PID: 1 Comm: swapper/0 Not tainted 6.1.0-56-amd64 #1  Debian 6.1.158-1",
        "Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014",
        "RIP: 0010:pagewalk_probe+0x12/0x30",
        "Code: Unable to access opcode bytes at 0xffffffff81c00fe8.",
        "RSP: 0018:ffffc90000013e58 EFLAGS: 00010246",
        "RAX: 0000000000000000 RBX: 0000000000000000 RCX: 0000000000000000",
        "RBP: ffffc90000013e70 R08: 0000000000000000 R09: 0000000000000000",
        f"FS:  0000000000000000(0000) GS:ffff88800f600000(0000) knlGS:0000000000000000",
        f"CS:  0010 DS: 0000 ES: 0000 CR0: {regs(g, 'cr0'):016x}",
        f"CR2: {va:016x} CR3: {regs(g, 'cr3'):016x} CR4: {regs(g, 'cr4'):016x}",
        "Call Trace:",
        " <TASK>",
        " do_one_initcall+0x44/0x220",
        " </TASK>",
        "---[ end trace 0000000000000000 ]---",
    ]
    return "".join(t.format(100 + 37 * i) + l + "\n" for i, l in enumerate(lines))


def main():
    os.makedirs(OUT, exist_ok=True)
    g = {n: golden(n) for n in ("h00-worked-example", "h02-reserved-nxe0-pa39", "h05-prot-wp1",
                                "h07-prot-smep-smap", "h09-pku-mixed", "case08-la57", "linux-4l",
                                "h01-recursive-shared")}
    logs = {
        # -d int: the worked example's supervisor exec of the XD page PT[129]
        "qemu-int-worked-example-xd.log": qemu_int(g["h00-worked-example"], "supExec", 0x11),
        # -d int: a user read of the worked example's not-present page, then #DF and a triple fault
        "qemu-int-triple-fault.log": qemu_int(g["h00-worked-example"], "userRead", 0x4, triple=True),
        "qemu-int-reserved-nxe0.log": qemu_int(g["h02-reserved-nxe0-pa39"], "supRead", 0x9),
        "qemu-int-wp1-write.log": qemu_int(g["h05-prot-wp1"], "supWrite", 0x3),
        "qemu-int-user-us.log": qemu_int(g["h05-prot-wp1"], "userRead", 0x5),
        "qemu-int-smap.log": qemu_int(g["h07-prot-smep-smap"], "supRead", 0x1),
        "qemu-int-smep.log": qemu_int(g["h07-prot-smep-smap"], "supExec", 0x11),
        "qemu-int-pkey.log": qemu_int(g["h09-pku-mixed"], "userWrite", 0x27),
        "qemu-int-la57.log": qemu_int(g["case08-la57"], "userWrite", 0x7),
        "qemu-info-registers.log": info_registers(g["h01-recursive-shared"], "supWrite", 0x3),
        "x86_64-crate-worked-example.log": x86_64_crate(g["h00-worked-example"], "userWrite", 0x7),
        "x86_64-crate-bitflags1.log": x86_64_crate(g["h05-prot-wp1"], "userExec", 0x15, style="bitflags1"),
        "linux-oops-not-present.log": linux_oops(g["linux-4l"], "supWrite", 0x2),
        "linux-oops-write-ro.log": linux_oops(g["linux-4l"], "supWrite", 0x3),
    }
    for name, text in logs.items():
        with open(os.path.join(OUT, name), "w") as f:
            f.write(text)
        print(name)


if __name__ == "__main__":
    main()
