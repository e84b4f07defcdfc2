#!/usr/bin/env python3
"""Turn QEMU-oracle scenario + results pairs into golden fixtures for Pagewalk.

usage: make-golden.py OUTDIR SCENARIO.scenario.json [SCENARIO.scenario.json ...]

For every X.scenario.json the results are read from X.results.json (written by
shared/oracle/run-oracle.sh). If X.info-tlb.txt exists (linux_capture.py writes
it) it is gzipped to OUTDIR/NAME.info-tlb.txt.gz. The fixture goes to
OUTDIR/NAME.golden.json, or OUTDIR/NAME.golden.json.gz when the JSON is over
300 KB. The script exits non-zero if any results file has a non-empty
crossCheck, a probe state other than "ok", or an output file over 2 MiB.
Python 3 standard library only.

Fixture format: see src/core/__fixtures__/oracle/README.md. Per access test:
  {"outcome": "ok"} (+ "taggedPA" for reads: the PA the load really reached)
  {"outcome": "fault", "exception": "#PF", "errorCode": "0x.."} (+ "qemuErrorCode")
  {"outcome": "fault", "exception": "#GP", "errorCode": "0x0"}
  {"outcome": "skipped", "reason": "..."}
errorCode is the SDM-correct #PF error code. It differs from what QEMU 7.2
reported in two ways, and then the raw value is kept as "qemuErrorCode":
  * RSVD faults: QEMU omits P (bit 0); the oracle's sdmErrorCode adds it.
  * Write tests: the probe writes with `lock xadd [va],rax`. With -smp 1, TCG
    emits a non-atomic load followed by a store, so when the *load* already
    faults (not present, U/S, RSVD, PK access-disable) QEMU reports W=0. A
    real CPU performs a locked read-modify-write as a write access and sets W
    (SDM Vol. 3A 4.7). For the supWrite/userWrite tests this script therefore
    sets W (bit 1) in every #PF error code.

---------------------------------------------------------------------------
How everything in src/core/__fixtures__/ was (re)generated (Debian 12,
QEMU 7.2.22 1:7.2+dfsg-7+deb12u18+b3, about 5 minutes in total):

  apt-get install -y --no-install-recommends qemu-system-x86 nasm
  export ORACLE_DATA=/tmp/oracle-data ORACLE=/work/shared/oracle
  FIX=src/core/__fixtures__/oracle
  # 1. scenarios: 20 generated (each of the 10 presets twice) + 15 hand-written
  python3 $ORACLE/gen_scenarios.py $ORACLE_DATA/gen --count 20 --seed 1
  python3 scripts/oracle/hand-scenarios.py $ORACLE_DATA/hand
  for f in $ORACLE_DATA/gen/*.scenario.json $ORACLE_DATA/hand/*.scenario.json; do
    $ORACLE/run-oracle.sh "$f"; done
  # 2. real Linux page tables (Debian linux-image-6.1.0-56-amd64, nokaslr)
  (cd /tmp && apt-get download linux-image-6.1.0-56-amd64 && dpkg-deb -x linux-image-6.1.0-56-amd64_*.deb x)
  python3 $ORACLE/linux_capture.py /tmp/x/boot/vmlinuz-6.1.0-56-amd64 linux-4l --no-la57 --outdir $ORACLE_DATA/linux
  python3 $ORACLE/linux_capture.py /tmp/x/boot/vmlinuz-6.1.0-56-amd64 linux-la57 --la57 --outdir $ORACLE_DATA/linux
  $ORACLE/run-oracle.sh $ORACLE_DATA/linux/linux-4l.scenario.json
  $ORACLE/run-oracle.sh $ORACLE_DATA/linux/linux-la57.scenario.json
  # 3. fixtures
  python3 scripts/oracle/make-golden.py $FIX $ORACLE_DATA/gen/*.scenario.json \
      $ORACLE_DATA/hand/*.scenario.json $ORACLE_DATA/linux/*.scenario.json
  # 4. memory dumps of the worked example (src/core/__fixtures__/dumps/)
  python3 scripts/oracle/make-dumps.py src/core/__fixtures__/dumps $ORACLE_DATA/hand/h00-worked-example.results.json

The dumps (step 4, see make-dumps.py for details): the worked-example scenario
(hand-scenarios.py h00, ramMB 16) is written as a raw image (frames only, the
oracle's bootstrap GDT at PA 0), loaded into a stopped QEMU
(-device loader,...,force-raw=on, -S), the registers are set through the
gdbstub exactly like the oracle's tier 1 (EFER|LME|LMA, CR0=PE, CS=0x08, CR4,
CR3, CR0|PG), then QMP `dump-guest-memory` (paging=false,
protocol "file:...") writes the ELF core and QMP `pmemsave` the raw 16 MiB.
Both are gzipped (gzip -9 -n); the sidecar worked-example.elf.json records the
registers and expected translations. No guest instruction is ever executed.
"""
import gzip, json, os, sys

KINDS = ['supRead', 'supWrite', 'supExec', 'userRead', 'userWrite', 'userExec']
MAX_PLAIN = 300 * 1024
MAX_FILE = 2 * 1024 * 1024


def hx(x):
    return '0x%x' % (x if isinstance(x, int) else int(str(x), 0))


def conv_access(kind, a):
    o = a['outcome']
    if o == 'ok':
        out = {'outcome': 'ok'}
        if 'taggedPA' in a and kind.endswith('Read'):
            out['taggedPA'] = hx(a['taggedPA'])
        return out
    if o == 'skipped':
        return {'outcome': 'skipped', 'reason': a.get('why', '')}
    if o != 'fault':
        raise SystemExit('unexpected access outcome %r' % a)
    exc = a['exception']
    if exc == '#GP':
        return {'outcome': 'fault', 'exception': '#GP', 'errorCode': '0x0'}
    if exc != '#PF':
        raise SystemExit('unexpected exception %r' % a)
    qemu = int(a['errorCode'], 16)
    ec = int(a.get('sdmErrorCode', a['errorCode']), 16)
    if kind.endswith('Write'):
        ec |= 2
    out = {'outcome': 'fault', 'exception': '#PF', 'errorCode': hx(ec)}
    if ec != qemu:
        out['qemuErrorCode'] = hx(qemu)
    return out


def conv_expected(e):
    x = e['expected']
    if 'fault' in x:
        if x['fault'] not in ('non-canonical', 'not-present', 'reserved-bit'):
            raise SystemExit('unexpected verdict %r' % x)
        return {'fault': x['fault']}
    if 'note' in x or 'pageSize' not in x:
        raise SystemExit('verdict without real-access confirmation: %r' % x)
    return {'pa': hx(x['pa']), 'pageSize': x['pageSize']}


def sparse_frames(frames):
    out = {}
    for k, v in sorted(frames.items(), key=lambda kv: int(kv[0], 16)):
        if isinstance(v, dict):
            items = [(int(i, 0), int(e, 0)) for i, e in v.items()]
        else:
            items = [(i, int(e, 0)) for i, e in enumerate(v)]
        out[hx(k)] = {str(i): hx(e) for i, e in sorted(items) if e}
    return out


def make(scn_path, outdir, stats):
    base = scn_path[:-len('.scenario.json')]
    scn = json.load(open(scn_path))
    res = json.load(open(base + '.results.json'))
    name = scn['name']
    if res['crossCheck']:
        raise SystemExit('%s: crossCheck not empty: %r' % (name, res['crossCheck']))
    acc = res.get('access') or {}
    if acc.get('state') != 'ok':
        raise SystemExit('%s: probe state %r' % (name, acc.get('state')))
    desc = scn.get('description', '')
    if scn.get('notes'):
        desc += ' Notes: ' + '; '.join(scn['notes']) + '.'
    cases = []
    for q in scn['queries']:
        va = hx(int(q, 0) & ((1 << 64) - 1))
        e = res['results'][va]
        access = {}
        for k in KINDS:
            access[k] = conv_access(k, e['access'][k])
            o = access[k]['outcome']
            stats['tests'] += 1
            stats[o] = stats.get(o, 0) + 1
            if 'qemuErrorCode' in access[k]:
                stats['qemuErrorCodeDiffers'] = stats.get('qemuErrorCodeDiffers', 0) + 1
        cases.append({'va': va, 'canonical': e['canonical'], 'expected': conv_expected(e),
                      'access': access, 'ref': e['ref']})
    stats['cases'] += len(cases)
    fx = {
        'name': name,
        'description': desc,
        'source': 'QEMU %s via shared/oracle (tier 2 real accesses); regenerate with '
                  'scripts/oracle/make-golden.py' % res['qemu'],
        'registers': {'cr0': hx(scn['cr0']), 'cr3': hx(scn['cr3']), 'cr4': hx(scn['cr4']),
                      'efer': hx(scn['efer']), 'pkru': hx(scn.get('pkru', '0x0')),
                      'maxPhyAddr': int(scn.get('maxPhyAddr', 46))},
        'ramMB': int(scn.get('ramMB', 128)),
        'frames': sparse_frames(scn['frames']),
        'cases': cases,
    }
    if isinstance(res.get('infoMem'), list) and res['infoMem']:
        fx['infoMem'] = res['infoMem']
    if acc.get('ptChanges'):
        fx['ptChanges'] = acc['ptChanges']
    data = (json.dumps(fx, indent=1) + '\n').encode()
    written = []
    for ext in ('.golden.json', '.golden.json.gz', '.info-tlb.txt.gz'):
        p = os.path.join(outdir, name + ext)
        if os.path.exists(p):
            os.unlink(p)
    if len(data) > MAX_PLAIN:
        p = os.path.join(outdir, name + '.golden.json.gz')
        with open(p, 'wb') as f:
            f.write(gzip.compress(data, 9, mtime=0))
    else:
        p = os.path.join(outdir, name + '.golden.json')
        with open(p, 'wb') as f:
            f.write(data)
    written.append(p)
    tlb = base + '.info-tlb.txt'
    if os.path.exists(tlb):
        p = os.path.join(outdir, name + '.info-tlb.txt.gz')
        with open(p, 'wb') as f:
            f.write(gzip.compress(open(tlb, 'rb').read(), 9, mtime=0))
        written.append(p)
    for p in written:
        if os.path.getsize(p) > MAX_FILE:
            raise SystemExit('%s is over 2 MiB' % p)
    print('%-28s %4d cases  %s' % (name, len(cases),
                                   ', '.join('%s %d B' % (os.path.basename(p), os.path.getsize(p))
                                             for p in written)))


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__.split('\n\n')[1])
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    stats = {'cases': 0, 'tests': 0}
    for s in sys.argv[2:]:
        make(s, outdir, stats)
    print('total:', json.dumps(stats))


if __name__ == '__main__':
    main()
