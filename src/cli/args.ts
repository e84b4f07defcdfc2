/**
 * Command-line parsing for `pagewalk`: `--name value`, `--name=value` and boolean flags, with every
 * mistake reported as one sentence (a `UsageError`), never as a stack trace.
 */

/** A mistake in how the command was typed: reported on one line, exit code 2. */
export class UsageError extends Error {}

/** A problem with the input data (file, dump, registers): reported on one line, exit code 1. */
export class InputError extends Error {}

export interface OptionSpec {
  /** Options that take a value. */
  readonly values: readonly string[];
  /** Options that are flags. */
  readonly flags: readonly string[];
}

export interface ParsedArgs {
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
  readonly positionals: readonly string[];
}

export function parseArgs(command: string, argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (onlyPositionals || !arg.startsWith("-") || arg === "-" || /^-[0-9]/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }
    if (arg === "-h") {
      flags.add("help");
      continue;
    }
    if (!arg.startsWith("--"))
      throw new UsageError(`unknown option ${arg} (see: pagewalk ${command} --help)`);
    const eq = arg.indexOf("=");
    const name = (eq >= 0 ? arg.slice(2, eq) : arg.slice(2)).toLowerCase();
    if (spec.values.includes(name)) {
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        if (value === undefined || (value.startsWith("--") && value.length > 2)) {
          throw new UsageError(`option --${name} needs a value`);
        }
        i++;
      }
      if (values.has(name)) throw new UsageError(`option --${name} is given twice`);
      values.set(name, value);
    } else if (spec.flags.includes(name) || name === "help") {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      flags.add(name);
    } else {
      throw new UsageError(`unknown option --${name} (see: pagewalk ${command} --help)`);
    }
  }
  return { values, flags, positionals };
}
