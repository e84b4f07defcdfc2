/**
 * `lint` of the captured Linux kernel tables (96 tables, 70,726 leaves; target ≤ 50 ms) and of the
 * 5-level capture, and the explanation of an oops replayed over the 4-level one.
 * Figures: the first call in this process (cold) and the median of 20 after it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { explainFault, parseFaultLog } from "../src/core/explain";
import { lintAddressSpace } from "../src/core/lint";
import { goldenRam, goldenRegisters, readGolden } from "../src/core/__fixtures__/golden";
import { loadLinux } from "./linux-fixture";
import { printWarmAndFirst as figure } from "./measure";

const { ram, regs } = loadLinux();
figure("lint linux capture", () => lintAddressSpace(ram, regs).summary.leaves);

const la57 = readGolden("linux-la57");
const la57Ram = goldenRam(la57);
const la57Regs = goldenRegisters(la57);
figure("lint linux la57 capture", () => lintAddressSpace(la57Ram, la57Regs).summary.leaves);

const oops = parseFaultLog(
  readFileSync(join(process.cwd(), "src/core/explain/__fixtures__/logs/linux-oops-write-ro.log"), "utf8"),
);
if (!oops.ok) throw new Error(oops.error.message);
const log = oops.value;
figure("explain linux oops over the capture", () => explainFault(log, { memory: ram, regs }).details.length);
