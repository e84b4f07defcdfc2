import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A log of the corpus (this folder's logs/), read from the project root as the tests run. */
export function readLog(name: string): string {
  return readFileSync(join(process.cwd(), "src", "core", "explain", "__fixtures__", "logs", name), "utf8");
}
