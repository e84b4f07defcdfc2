/**
 * The machine's CPUs as the TLB sees them: each CPU has its own TLBs, paging-structure caches and
 * registers (CR3, CR4, so its own PCID); physical memory is shared and lives outside. An
 * instruction runs on the current CPU; a shootdown runs INVLPG on every CPU, as an OS does with
 * inter-processor interrupts (SDM vol. 3A §4.10.5).
 */
import type { Registers, VirtAddr } from "../arch";
import { CpuTlb, type OperationOutcome } from "./cpu-tlb";
import { DEFAULT_TLB_CONFIG, type TlbConfig } from "./tlb-config";

export const MAX_CPUS = 2;

export class TlbSystem {
  readonly cpus: CpuTlb[];
  current = 0;

  constructor(regs: Registers, cpuCount = 1, config: TlbConfig = DEFAULT_TLB_CONFIG, copyOf?: TlbSystem) {
    if (copyOf) {
      this.cpus = copyOf.cpus.map((c) => c.clone());
      this.current = copyOf.current;
    } else {
      this.cpus = Array.from({ length: cpuCount }, () => new CpuTlb(regs, config));
    }
  }

  clone(): TlbSystem {
    return new TlbSystem(this.cpu.regs, this.cpus.length, this.cpu.config, this);
  }

  get cpu(): CpuTlb {
    return this.cpus[this.current] as CpuTlb;
  }

  /** Makes CPU `n` current; a second CPU starts with the first one's registers and empty caches. */
  switchCpu(n: number): string | null {
    if (!Number.isInteger(n) || n < 0 || n >= MAX_CPUS) return `there are CPUs 0 and 1 only, not ${n}`;
    while (this.cpus.length <= n) this.cpus.push(new CpuTlb((this.cpus[0] as CpuTlb).regs, this.cpu.config));
    this.current = n;
    return null;
  }

  /** INVLPG of the VA on every CPU, each under its own current PCID. */
  shootdown(va: VirtAddr): OperationOutcome {
    let invalidated = 0;
    for (const cpu of this.cpus) invalidated += cpu.invlpg(va).invalidated;
    return { invalidated, fault: null };
  }
}
