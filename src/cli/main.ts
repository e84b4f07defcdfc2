/**
 * Process entry of `npm run pagewalk -- …`: runs `main` with the real stdout/stderr and exit code.
 * A closed pipe (`pagewalk mappings … | head`) ends the program quietly.
 */
import { main } from "./cli";

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  process.stderr.write(`pagewalk: cannot write output: ${e.code ?? e.message}\n`);
  process.exit(1);
});

process.exitCode = main(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
});
