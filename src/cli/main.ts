/**
 * Process entry of `npm run pagewalk -- …`: runs `main` with the real stdout/stderr and exit code.
 *
 * Output is written with blocking `writeSync` on file descriptors 1 and 2, never through
 * `process.stdout`, whose pipe writes queue in memory while the program runs: `mappings` of a
 * million leaves into a slow reader would hold the whole listing. A closed pipe (`pagewalk mappings
 * … | head`) ends the program quietly, and at once (`OutputClosed`).
 */
import { writeSync } from "node:fs";
import { main } from "./cli";
import { InputError } from "./args";
import { describeFsError } from "./file-source";
import { OutputClosed } from "./io";
import { sleepSync } from "./sleep-sync";

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done, bytes.length - done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") sleepSync(2);
      else if (code === "EPIPE") throw new OutputClosed();
      else throw new InputError(`cannot write output: ${describeFsError(e)}`);
    }
  }
}

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => writeAll(1, text),
  stderr: (text) => {
    try {
      writeAll(2, text);
    } catch {
      // Nowhere left to report it.
    }
  },
});
