/** The captured Linux 6.1 kernel tables (4-level, QEMU), as RAM + registers, for the benchmarks. */
import { goldenRam, goldenRegisters, readGolden, type GoldenFixture } from "../src/core/__fixtures__/golden";
import type { Ram } from "../src/core/memory";
import type { Registers } from "../src/core/arch";

export function loadLinux(): { ram: Ram; regs: Registers; golden: GoldenFixture } {
  const golden = readGolden("linux-4l");
  return { ram: goldenRam(golden), regs: goldenRegisters(golden), golden };
}
