/** `--scenario` refuses a scenario whose allocator offers a table in use, as files and links do. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { presetById, serializeScenario } from "../core/scenario";
import { main } from "./cli";

describe("translate --scenario", () => {
  it("refuses an allocator whose first free frame is the PML4, changing nothing", () => {
    const worked = presetById("worked-example")?.build?.();
    if (!worked) throw new Error("worked example");
    const dir = mkdtempSync(join(tmpdir(), "pagewalk-allocator-"));
    try {
      const file = join(dir, "bad.json");
      const bad = { ...worked, allocator: { ...worked.allocator, firstPfn: 1, nextPfn: 1 } };
      writeFileSync(file, serializeScenario(bad));
      let stdout = "";
      let stderr = "";
      const code = main(["translate", "--scenario", file, "0x803fe7f5ce"], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
      });
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toMatch(
        /^pagewalk: .*bad\.json: .*allocator: free frame 0x1000 is the PML4 of CR3 0x1000\n$/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
