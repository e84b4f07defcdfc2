/**
 * `--vas FILE` / `--pas FILE`: addresses from a file or stdin ("-") rather than the command line,
 * where a shell or npm runs out of room at some tens of thousands of arguments (npm then fails
 * without a word). The list is hex numbers as on the command line, separated by white space or
 * commas; `#` starts a comment to the end of its line. Read bounded, like a log.
 */
import { formatCount, type Result } from "../core/common";
import { InputError } from "./args";
import { readBoundedText } from "./bounded-text";
import type { CliIO } from "./io";

/** 16 MiB of list: about a million addresses. */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/**
 * The addresses of the list `source` (a path, or "-" for stdin) as written, each checked by `check`
 * (the command's own parser); a bad one is an InputError that names the list and its line.
 */
export function readAddressList(
  option: "vas" | "pas",
  source: string,
  io: CliIO,
  check: (text: string) => Result<unknown>,
): string[] {
  const name = source === "-" ? `the --${option} list on stdin` : `the --${option} list ${source}`;
  const text =
    source === "-" && io.stdin
      ? io.stdin()
      : readBoundedText(
          source === "-" ? 0 : source,
          name,
          MAX_LIST_BYTES,
          `too long: more than ${MAX_LIST_BYTES / (1024 * 1024)} MiB`,
        );
  const values: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const word of (line.split("#")[0] ?? "").split(/[\s,]+/)) {
      if (word === "") continue;
      const checked = check(word);
      if (!checked.ok)
        throw new InputError(
          `${name}, line ${formatCount(i + 1)}: ${checked.error.message.replace(/\.$/, "")}`,
        );
      values.push(word);
    }
  });
  if (values.length === 0) throw new InputError(`${name} holds no address`);
  return values;
}
