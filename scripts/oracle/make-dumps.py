#!/usr/bin/env python3
"""Make the QEMU memory dumps of the worked-example scenario.

usage: ORACLE=/work/shared/oracle python3 scripts/oracle/make-dumps.py OUTDIR [RESULTS.json]

Writes OUTDIR/worked-example.elf.gz (QMP dump-guest-memory, paging=false: an
ELF64 core with one PT_LOAD per guest RAM block, p_paddr = guest PA, plus QEMU's
per-CPU notes), OUTDIR/worked-example.raw.gz (QMP pmemsave of PA 0..16 MiB) and
the sidecar OUTDIR/worked-example.elf.json (registers, expected translations).

How: scenario h00-worked-example from hand-scenarios.py (ramMB 16). The oracle's
own helpers (shared/oracle/qemu_oracle.py, imported, not copied) write the raw
image (page-table frames + the bootstrap GDT at PA 0), start
`qemu-system-x86_64 -machine q35 -accel tcg -cpu max,phys-bits=46 -m 16M -S`
with the image loaded by `-device loader,file=IMG,addr=0,force-raw=on`, and
set the registers through the gdbstub exactly as the oracle's tier 1 does
(EFER|LME|LMA, CR0=PE, CS=0x08, CR4, CR3, CR0|PG|PE). No guest instruction
runs, so A/D bits are untouched. gva2gpa is asked for every query (recorded in
the sidecar), then dump-guest-memory and pmemsave are issued over QMP. Both
files are gzipped with gzip -9 -n semantics (mtime 0). Python 3 stdlib only.
If RESULTS.json (the oracle's h00 results) is given, the sidecar's expected
faults come from it; otherwise unmapped VAs are reported as "unmapped".
"""
import gzip, importlib.util, json, os, re, shutil, sys, tempfile

ORACLE = os.environ.get('ORACLE', '/work/shared/oracle')
sys.path.insert(0, ORACLE)
import qemu_oracle as qo  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('hand', os.path.join(HERE, 'hand-scenarios.py'))
hand = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hand)


def main():
    outdir = sys.argv[1]
    results = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    os.makedirs(outdir, exist_ok=True)
    s = hand.worked_example(ram=16)
    wd = tempfile.mkdtemp(prefix='dump-', dir=qo.DATA if os.path.isdir(qo.DATA) else None)
    path = os.path.join(wd, 's.scenario.json')
    json.dump(s, open(path, 'w'))
    scn = qo.load_scenario(path)
    img = os.path.join(wd, 'img')
    qo.build_image(scn, img)
    q = qo.Qemu(img, scn['ramMB'], scn['maxPhyAddr'], wd, qo.free_port())
    elf = os.path.join(wd, 'core.elf')
    raw = os.path.join(wd, 'mem.raw')
    try:
        regs = qo.enter_long_mode(q.gdb, scn)
        walk = {}
        for va in scn['queries']:
            r = q.qmp.hmp('gva2gpa %s' % qo.h(va)).strip()
            m = re.match(r'gpa: (0x[0-9a-f]+)', r)
            walk[qo.h(va)] = m.group(1) if m else r
        q.qmp.cmd('dump-guest-memory', paging=False, protocol='file:' + elf)
        q.qmp.cmd('pmemsave', val=0, size=scn['ramMB'] << 20, filename=raw)
        ver = q.qmp.cmd('query-version')
    finally:
        q.gdb.close()
        q.stop()
    for src, dst in ((elf, 'worked-example.elf.gz'), (raw, 'worked-example.raw.gz')):
        with open(os.path.join(outdir, dst), 'wb') as f:
            f.write(gzip.compress(open(src, 'rb').read(), 9, mtime=0))
    cases = []
    for va, pa in walk.items():
        c = {'va': va}
        if results and va in results['results']:
            x = results['results'][va]['expected']
            c.update({'pa': x['pa'], 'pageSize': x['pageSize']} if 'pa' in x else {'fault': x['fault']})
        elif pa.startswith('0x'):
            c['pa'] = pa
        else:
            c['fault'] = 'unmapped'
        c['gva2gpa'] = pa
        cases.append(c)
    side = {
        'name': 'worked-example',
        'description': s['description'],
        'files': {
            'worked-example.elf.gz': 'gzip of the ELF64 core written by QMP dump-guest-memory '
                                     '(paging=false, protocol file:): PT_LOAD segments carry the '
                                     'guest PA in p_paddr (0-0xBFFFF, 0xC0000-0xDFFFF, 0xE0000-0xFFFFF, '
                                     '1 MiB-16 MiB, and the 256 KiB BIOS ROM at 0xFFFC0000); '
                                     'NT_PRSTATUS and a QEMU note hold the vCPU state (QEMU note '
                                     'includes CR0/CR3/CR4)',
            'worked-example.raw.gz': 'gzip of QMP pmemsave val=0 size=16 MiB: byte N = PA N. '
                                     'PA 0..15 holds the oracle bootstrap GDT; 0xC0000-0xFFFFF '
                                     'holds SeaBIOS as read through the q35 PAM region (not page tables)',
        },
        'qemu': '%d.%d.%d %s' % (ver['qemu']['major'], ver['qemu']['minor'],
                                 ver['qemu']['micro'], ver['package']),
        'cpu': '-machine q35 -accel tcg -cpu max,phys-bits=46 -m 16M',
        'registers': {'cr0': s['cr0'], 'cr3': s['cr3'], 'cr4': s['cr4'], 'efer': s['efer'],
                      'maxPhyAddr': s['maxPhyAddr']},
        'registersAsSet': {k: qo.h(v) for k, v in regs.items()},
        'ramMB': scn['ramMB'],
        'frames': s['frames'],
        'cases': cases,
        'howMade': 'scripts/oracle/make-dumps.py (see its header)',
    }
    with open(os.path.join(outdir, 'worked-example.elf.json'), 'w') as f:
        json.dump(side, f, indent=1)
        f.write('\n')
    shutil.rmtree(wd, ignore_errors=True)
    for n in ('worked-example.elf.gz', 'worked-example.raw.gz', 'worked-example.elf.json'):
        print(n, os.path.getsize(os.path.join(outdir, n)))


if __name__ == '__main__':
    main()
