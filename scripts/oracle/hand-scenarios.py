#!/usr/bin/env python3
"""Hand-written oracle scenarios (same input format as shared/oracle/gen_scenarios.py).

usage: python3 scripts/oracle/hand-scenarios.py OUTDIR

Writes OUTDIR/hNN-NAME.scenario.json. Each scenario targets one feature that the
random generator may or may not hit: recursive mapping, shared tables, NX with
NXE=0, PS in a PML4E/PML5E, reserved address bits, reserved bits of large
leaves, protection keys (several PKRU values), SMEP/SMAP, CR0.WP, supervisor-only
and read-only pages, and the "Writing an OS in Rust" worked example.
Python 3 stdlib only. See make-golden.py for the full regeneration procedure.
"""
import json, os, sys

P, RW, US, PWT, PCD, A, D, PS, G = 1, 2, 4, 8, 16, 32, 64, 128, 256
NX = 1 << 63
M64 = (1 << 64) - 1


def pk(k):
    return k << 59


def va4(i4, i3, i2, i1, off=0):
    v = (i4 << 39) | (i3 << 30) | (i2 << 21) | (i1 << 12) | off
    if v >> 47 & 1:
        v |= M64 & ~((1 << 48) - 1)
    return v


def va5(i5, i4, i3, i2, i1, off=0):
    v = (i5 << 48) | (i4 << 39) | (i3 << 30) | (i2 << 21) | (i1 << 12) | off
    if v >> 56 & 1:
        v |= M64 & ~((1 << 57) - 1)
    return v


class S:
    def __init__(self, name, desc, cr0=0x80010011, cr4=0x20, efer=0xd00, pkru=0,
                 maxpa=46, ram=128):
        self.d = dict(name=name, description=desc, cr0=hex(cr0), cr4=hex(cr4),
                      efer=hex(efer), pkru=hex(pkru), maxPhyAddr=maxpa, ramMB=ram)
        self.frames = {}
        self.q = []

    def t(self, pa):
        return self.frames.setdefault(pa, {})

    def set(self, pa, idx, val):
        self.t(pa)[idx] = val

    def query(self, *vas):
        for v in vas:
            if v not in self.q:
                self.q.append(v)

    def out(self, cr3, notes=()):
        s = dict(self.d)
        s['cr3'] = hex(cr3)
        s['notes'] = list(notes)
        s['frames'] = {hex(pa): {str(i): hex(e) for i, e in sorted(t.items())}
                       for pa, t in sorted(self.frames.items())}
        s['queries'] = [hex(v) for v in self.q]
        assert len(self.q) <= 170
        return s


NONCANON = [0x0000800000000000, 0xfffe000000001000, 0x8000000000000000]


def worked_example(ram=16):
    # Writing an OS in Rust, "Paging Implementation"/"Introduction to Paging":
    # VA 0x803FE7F5CE -> indices 1/0/511/127, offset 0x5ce; PT[127] -> frame 0x3000.
    s = S('h00-worked-example', 'Writing an OS in Rust worked example: VA 0x803fe7f5ce '
          '(PML4 1, PDPT 0, PD 511, PT 127, offset 0x5ce) -> PA 0x35ce. Table frames '
          'chosen here: PML4 0x10000, PDPT 0x24000, PD 0x32000, PT 0x41000. '
          'A/D bits start clear so ptChanges show what the walk sets.', ram=ram)
    pml4, pdpt, pd, pt = 0x10000, 0x24000, 0x32000, 0x41000
    s.set(pml4, 1, pdpt | P | RW | US)
    s.set(pdpt, 0, pd | P | RW | US)
    s.set(pd, 511, pt | P | RW | US)
    s.set(pt, 127, 0x3000 | P | RW | US)
    s.set(pt, 128, 0x5000 | P | US)                 # read-only user page
    s.set(pt, 129, 0x6000 | P | RW | NX)            # supervisor, no-exec
    s.set(pt, 126, 0x7000 | RW | US)                # not present
    s.query(0x803FE7F5CE, va4(1, 0, 511, 127), va4(1, 0, 511, 127, 0xff8),
            va4(1, 0, 511, 128, 0x10), va4(1, 0, 511, 129, 0x20), va4(1, 0, 511, 126),
            va4(1, 0, 510, 127), va4(1, 1, 0, 0), va4(0, 0, 0, 0x3), va4(2, 0, 0, 0),
            0x0000800000000000)
    return s.out(pml4, ['worked example; also used for the dumps/worked-example.* ELF/raw dumps'])


def recursive_shared():
    s = S('h01-recursive-shared', 'Recursive PML4[510] -> PML4 (queries through 1-4 '
          'levels of recursion), a PT shared by two PDEs of one PD and by a PD under a '
          'different PML4E, a PD shared by two PDPTEs; PML4[511] not present.')
    pml4, pdpt_a, pd_a, pt_s, pdpt_b, pd_b = 0x200000, 0x201000, 0x202000, 0x203000, 0x204000, 0x205000
    s.set(pml4, 510, pml4 | P | RW)                 # recursive (supervisor only)
    s.set(pml4, 0, pdpt_a | P | RW | US)
    s.set(pml4, 1, pdpt_b | P | RW | US)
    s.set(pdpt_a, 0, pd_a | P | RW | US)
    s.set(pdpt_a, 3, pd_a | P | RW | US)            # PD shared by two PDPTEs
    s.set(pd_a, 1, pt_s | P | RW | US)
    s.set(pd_a, 2, pt_s | P | RW | US)              # PT shared by two PDEs
    s.set(pdpt_b, 7, pd_b | P | RW | US)
    s.set(pd_b, 0, pt_s | P | US)                   # same PT, read-only parent
    s.set(pt_s, 0, 0x2400000 | P | RW | US)
    s.set(pt_s, 1, 0x2401000 | P | US)
    s.set(pt_s, 2, 0x2402000 | P | RW)
    s.set(pt_s, 3, 0x2403000 | P | RW | US | NX)
    s.set(pt_s, 4, 0x2404000 | P | RW | US | A | D | G)
    r = 510
    for i1 in range(5):
        s.query(va4(0, 0, 1, i1, 0x10 * i1), va4(0, 0, 2, i1, 0x18), va4(0, 3, 1, i1, 0x28),
                va4(1, 7, 0, i1, 0x30))
    s.query(va4(0, 0, 1, 5))                         # not present in shared PT
    # recursive views
    s.query(va4(r, r, r, r), va4(r, r, r, r, 0x8 * 510), va4(r, r, r, r, 0x8 * 511),
            va4(r, r, r, 0, 0x18), va4(r, r, r, 1, 0x38),    # PDPT A / PDPT B
            va4(r, r, 0, 0, 0x8), va4(r, r, 0, 3), va4(r, r, 1, 7),  # PD A, PD B
            va4(r, 0, 0, 1, 0x10), va4(r, 0, 0, 2), va4(r, 1, 7, 0, 0x20),  # PT S (3 ways)
            va4(r, r, r, 511), va4(r, r, r, 2), va4(r, 0, 0, 3), va4(r, r, 0, 1))
    s.query(va4(511, 0, 0, 0), va4(2, 0, 0, 0), *NONCANON)
    return s.out(pml4 | 0x8, ['CR3 has PWT set'])


def reserved(name, efer, maxpa):
    s = S(name, 'Reserved-bit faults with EFER.NXE=%d, MAXPHYADDR=%d: NX bit 63 in '
          'PTE/PDE/PML4E (reserved iff NXE=0), PS=1 in a PML4E, address bits above '
          'MAXPHYADDR in PML4E/PDPTE/PDE/PTE, 2M leaves with bits 20:13, 1G leaves with '
          'bits 29:13, PAT bit 12 of large leaves (legal), not-present entries with '
          'garbage (not-present wins).' % (efer >> 11 & 1, maxpa), efer=efer, maxpa=maxpa)
    pml4, pdpt, pd, pt = 0x300000, 0x301000, 0x302000, 0x303000
    pdpt2, pd2, pt2, pdpt3, pdpt4 = 0x304000, 0x305000, 0x306000, 0x307000, 0x308000
    s.set(pml4, 0, pdpt | P | RW | US)
    s.set(pml4, 1, pdpt2 | P | RW | US | NX)         # NX in PML4E
    s.set(pml4, 2, pdpt3 | P | RW | US | PS)         # PS in PML4E: always reserved
    s.set(pml4, 3, pdpt4 | P | RW | US | (1 << maxpa if maxpa < 52 else 0))
    s.set(pml4, 4, 0xfff0000000000ffe)               # not present, garbage
    s.set(pdpt, 0, pd | P | RW | US)
    s.set(pdpt, 1, 0x0 | P | RW | US | PS)                      # 1G @0 ok
    s.set(pdpt, 2, 0x0 | P | RW | US | PS | (1 << 13))          # 1G rsvd bit 13
    s.set(pdpt, 3, 0x0 | P | RW | US | PS | (1 << 29))          # 1G rsvd bit 29
    s.set(pdpt, 4, 0x0 | P | RW | US | PS | (1 << 12))          # 1G PAT: legal
    s.set(pdpt, 5, 0x0 | P | RW | US | PS | NX)                 # 1G NX
    if maxpa < 52:
        s.set(pdpt, 6, 0x0 | P | RW | US | PS | (1 << 51))      # 1G rsvd bit 51
    s.set(pdpt, 7, pd2 | P | RW | US | NX)                      # NX in PDPTE (non-leaf)
    s.set(pd, 0, pt | P | RW | US)
    s.set(pd, 16, 0x2000000 | P | RW | US | PS)                 # 2M ok
    s.set(pd, 17, 0x2200000 | P | RW | US | PS | (1 << 13))     # 2M rsvd 13
    s.set(pd, 18, 0x2400000 | P | RW | US | PS | (1 << 20))     # 2M rsvd 20
    s.set(pd, 19, 0x2600000 | P | RW | US | PS | (1 << 12))     # 2M PAT legal
    s.set(pd, 20, 0x2800000 | P | RW | US | PS | NX)            # 2M NX
    s.set(pd, 21, pt2 | P | RW | US | NX)                       # NX in PDE (non-leaf)
    if maxpa < 52:
        s.set(pd, 22, 0x2c00000 | P | RW | US | PS | (1 << maxpa))  # 2M rsvd addr
        s.set(pd, 23, pt2 | P | RW | US | (1 << 51))            # PDE -> PT with rsvd addr
    s.set(pd, 24, 0x2e00000 | RW | US | PS | (1 << 15))          # not present 2M w/ garbage
    s.set(pt, 0, 0x3000000 | P | RW | US)                        # ok
    s.set(pt, 1, 0x3001000 | P | RW | US | NX)                   # NX PTE
    s.set(pt, 2, 0x3002000 | P | RW | US | PS)                   # PTE bit 7 = PAT: legal
    if maxpa < 52:
        s.set(pt, 3, 0x3003000 | P | RW | US | (1 << maxpa))     # rsvd addr bit = MAXPHYADDR
        s.set(pt, 4, 0x3004000 | P | RW | US | (1 << 51))        # rsvd addr bit 51
    s.set(pt, 5, 0x3005000 | RW | US | NX | (1 << 51))           # not present with rsvd
    s.set(pt, 6, 0x3006000 | P | RW | US | (0x7f << 52) | (0x7 << 9))  # AVL bits: legal
    s.set(pdpt2, 0, pd2 | P | RW | US)
    s.set(pd2, 0, pt2 | P | RW | US)
    s.set(pt2, 0, 0x3010000 | P | RW | US)
    s.set(pdpt3, 0, pd2 | P | RW | US)
    s.set(pdpt4, 0, pd2 | P | RW | US)
    s.query(va4(0, 0, 0, 0, 0x123), va4(0, 0, 0, 1, 0x8), va4(0, 0, 0, 2), va4(0, 0, 0, 3, 0x40),
            va4(0, 0, 0, 4), va4(0, 0, 0, 5), va4(0, 0, 0, 6, 0xff8), va4(0, 0, 0, 7))
    for i2 in range(16, 25):
        s.query(va4(0, 0, i2, 0x33, 0x238))
    s.query(va4(0, 0, 21, 0, 0x10))
    for i3 in range(1, 8):
        s.query(va4(0, i3, 0x18, 0x10, 0x80))        # 1G pages at PA 0 + 0x3010080
    s.query(va4(0, 7, 0, 0))
    for i4 in range(1, 5):
        s.query(va4(i4, 0, 0, 0, 0x18))
    s.query(*NONCANON)
    return s.out(pml4)


def protection(name, wp, smep=False, smap=False):
    cr0 = 0x80000011 | (0x10000 if wp else 0)
    cr4 = 0x20 | (1 << 20 if smep else 0) | (1 << 21 if smap else 0)
    s = S(name, 'Access rights with CR0.WP=%d CR4.SMEP=%d CR4.SMAP=%d EFER.NXE=1: '
          'user/supervisor, RW/RO, NX, with the restricting bit at PTE, PDE, PDPTE or '
          'PML4E level; 2M and 1G leaves.' % (wp, smep, smap), cr0=cr0, cr4=cr4)
    pml4 = 0x400000
    U, S_ = P | RW | US, P | RW
    # PML4E variants: 0 all-permissive, 1 RO, 2 supervisor, 3 NX
    tops = {0: U, 1: P | US, 2: P | RW, 3: U | NX}
    leaf_kinds = [U, P | US, S_, P, U | NX, P | US | NX, S_ | NX, U | G | A | D]
    base = 0x2000000
    for i4, f4 in tops.items():
        pdpt = 0x401000 + 0x10 * 0x1000 * i4
        pd = pdpt + 0x1000
        pt = pdpt + 0x2000
        pd_ro = pdpt + 0x3000
        pd_s = pdpt + 0x4000
        s.set(pml4, i4, pdpt | f4)
        s.set(pdpt, 0, pd | U)
        s.set(pdpt, 1, pd_ro | P | US)                # RO at PDPTE
        s.set(pdpt, 2, pd_s | P | RW)                 # supervisor at PDPTE
        s.set(pdpt, 3, 0x40000000 | U | PS)           # 1G user RW (above RAM)
        s.set(pdpt, 4, 0x0 | P | US | PS)             # 1G user RO at PA 0
        for pdx in (pd, pd_ro, pd_s):
            s.set(pdx, 0, pt | U)
            s.set(pdx, 1, pt | P | US)                # RO at PDE
            s.set(pdx, 2, pt | P | RW)                # supervisor at PDE
            s.set(pdx, 3, pt | U | NX)                # NX at PDE
            s.set(pdx, 4, (base + 0x400000) | U | PS)          # 2M user RW
            s.set(pdx, 5, (base + 0x600000) | S_ | PS)         # 2M supervisor
            s.set(pdx, 6, (base + 0x800000) | P | US | PS | NX)  # 2M user RO NX
        for j, f in enumerate(leaf_kinds):
            s.set(pt, j, (base + 0x100000 * i4 + 0x1000 * j) | f)
    for i4 in tops:
        for j in range(len(leaf_kinds)):
            s.query(va4(i4, 0, 0, j, 0x100 + 8 * j))
        for i2 in (1, 2, 3):
            s.query(va4(i4, 0, i2, 0, 0x8), va4(i4, 0, i2, 1, 0x10))
        s.query(va4(i4, 0, 4, 0x12, 0x40), va4(i4, 0, 5, 0x34, 0x48), va4(i4, 0, 6, 0x56, 0x50))
        s.query(va4(i4, 1, 0, 0, 0x60), va4(i4, 1, 0, 2, 0x68), va4(i4, 2, 0, 0, 0x70),
                va4(i4, 2, 0, 1, 0x78), va4(i4, 3, 0x10, 0x10), va4(i4, 4, 0x20, 0x33, 0x88))
    s.query(NONCANON[0])
    return s.out(pml4)


def pku(name, pkru, wp=True, smap=False):
    cr0 = 0x80000011 | (0x10000 if wp else 0)
    cr4 = 0x20 | (1 << 22) | (1 << 21 if smap else 0)
    s = S(name, 'Protection keys, CR4.PKE=1, PKRU=%#x, CR0.WP=%d, SMAP=%d: user pages '
          '(RW and RO) with keys 0-15 (4K, 2M, 1G), supervisor pages with keys (PK '
          'ignored), keys in non-leaf entries (ignored).' % (pkru, wp, smap),
          cr0=cr0, cr4=cr4, pkru=pkru)
    pml4, pdpt, pd, pt = 0x500000, 0x501000, 0x502000, 0x503000
    s.set(pml4, 0, pdpt | P | RW | US | pk(3))      # key bits in non-leaf: ignored
    s.set(pdpt, 0, pd | P | RW | US)
    s.set(pdpt, 1, 0x0 | P | RW | US | PS | pk(2))            # 1G key 2 at PA 0
    s.set(pdpt, 2, 0x0 | P | RW | PS | pk(1))                 # 1G supervisor key 1
    s.set(pd, 0, pt | P | RW | US | pk(1))
    s.set(pd, 16, 0x2000000 | P | RW | US | PS | pk(3))       # 2M key 3
    s.set(pd, 17, 0x2200000 | P | RW | US | PS | pk(1))       # 2M key 1
    s.set(pd, 18, 0x2400000 | P | US | PS | pk(0))            # 2M RO key 0
    for k in range(16):
        s.set(pt, k, (0x3000000 + 0x1000 * k) | P | RW | US | pk(k))           # user RW
        s.set(pt, 16 + k, (0x3100000 + 0x1000 * k) | P | US | pk(k))          # user RO
    for k in (0, 1, 2, 3):
        s.set(pt, 32 + k, (0x3200000 + 0x1000 * k) | P | RW | pk(k))          # supervisor
    s.set(pt, 40, 0x3300000 | P | RW | US | NX | pk(1))                       # user NX key 1
    for i in list(range(32)) + [32, 33, 34, 35, 40]:
        s.query(va4(0, 0, 0, i, 0x8 * (i + 1)))
    s.query(va4(0, 0, 16, 5, 0x10), va4(0, 0, 17, 6, 0x18), va4(0, 0, 18, 7, 0x20),
            va4(0, 1, 0x18, 0x10, 0x28), va4(0, 2, 0x18, 0x20, 0x30), va4(0, 0, 1, 0), NONCANON[0])
    return s.out(pml4)


def la57_special():
    s = S('h14-la57-recursive', '5-level paging: recursive PML5[510] -> PML5, PS=1 in a '
          'PML5E and in a PML4E (reserved), NX in PML5E with NXE=1, a PML4 shared by two '
          'PML5Es, 4K/2M/1G leaves, 57-bit canonical checks.', cr4=0x20 | (1 << 12))
    pml5, pml4, pdpt, pd, pt, pml4b = 0x600000, 0x601000, 0x602000, 0x603000, 0x604000, 0x605000
    s.set(pml5, 510, pml5 | P | RW)
    s.set(pml5, 1, pml4 | P | RW | US)
    s.set(pml5, 2, pml4 | P | RW | US | NX)           # shared PML4, NX at top
    s.set(pml5, 3, pml4b | P | RW | US | PS)          # PS in PML5E: reserved
    s.set(pml5, 300, pml4 | P | RW | US)              # high half
    s.set(pml4, 0, pdpt | P | RW | US)
    s.set(pml4, 5, pdpt | P | RW | US | PS)           # PS in PML4E: reserved
    s.set(pml4b, 0, pdpt | P | RW | US)
    s.set(pdpt, 0, pd | P | RW | US)
    s.set(pdpt, 1, 0x0 | P | RW | US | PS)            # 1G
    s.set(pd, 0, pt | P | RW | US)
    s.set(pd, 16, 0x2000000 | P | RW | PS)            # 2M supervisor
    s.set(pt, 0, 0x3000000 | P | RW | US)
    s.set(pt, 1, 0x3001000 | P | US)
    s.set(pt, 2, 0x3002000 | P | RW | NX)
    r = 510
    for i5 in (1, 2, 3, 300):
        s.query(va5(i5, 0, 0, 0, 0, 0x10), va5(i5, 0, 0, 0, 1, 0x18), va5(i5, 0, 0, 0, 2, 0x20),
                va5(i5, 0, 0, 16, 3, 0x28), va5(i5, 0, 1, 0x18, 0x10, 0x30), va5(i5, 5, 0, 0, 0))
    s.query(va5(r, r, r, r, r, 0x8), va5(r, r, r, r, 1, 0x10), va5(r, r, r, 1, 0, 0),
            va5(r, r, 1, 0, 0, 0x8), va5(r, 1, 0, 0, 0, 0x10), va5(r, r, r, r, 511),
            va5(4, 0, 0, 0, 0), 0x0100000000000000, 0xfe00000000000000,
            0x0000800000000000, 0x8000000000000000)
    return s.out(pml5)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    scns = [
        worked_example(),
        recursive_shared(),
        reserved('h02-reserved-nxe0-pa39', 0x500, 39),
        reserved('h03-reserved-nxe1-pa52', 0xd00, 52),
        reserved('h04-reserved-nxe1-pa46', 0xd01, 46),
        protection('h05-prot-wp1', True),
        protection('h06-prot-wp0', False),
        protection('h07-prot-smep-smap', True, smep=True, smap=True),
        protection('h08-prot-smep-smap-wp0', False, smep=True, smap=True),
        pku('h09-pku-mixed', 0x000000e4),
        pku('h10-pku-all-ad', 0x55555555),
        pku('h11-pku-all-wd-wp1', 0xaaaaaaaa),
        pku('h12-pku-all-wd-wp0', 0xaaaaaaaa, wp=False),
        pku('h13-pku-smap', 0x0000000c, smap=True),
        la57_special(),
    ]
    for s in scns:
        with open(os.path.join(out, s['name'] + '.scenario.json'), 'w') as f:
            json.dump(s, f, indent=0)
        print(s['name'], len(s['frames']), 'frames', len(s['queries']), 'queries')


if __name__ == '__main__':
    main()
