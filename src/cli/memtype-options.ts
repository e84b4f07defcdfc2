/**
 * `--pat HEX` and `--mtrr FILE`: the IA32_PAT value and the MTRRs that decide memory types
 * (SDM ch. 11), over what a scenario states (or the power-on PAT and no MTRRs).
 */
import {
  DEFAULT_MEMORY_TYPE_SETTINGS,
  MTRR_FILE_MAX_BYTES,
  memoryTypeResolver,
  parseMtrrText,
  parsePat,
  type MemoryTypeResolver,
  type MemoryTypeSettings,
} from "../core/memtype";
import { InputError, UsageError, type ParsedArgs } from "./args";
import { openFileSource } from "./file-source";
import { lowerFirst } from "../core/common";

export const MEMTYPE_OPTIONS = ["pat", "mtrr"] as const;

export const MEMTYPE_HELP = `Memory types (SDM vol. 3A ch. 11):
  --pat HEX          IA32_PAT [0x0007040600070406: WB WT UC- UC WB WT UC- UC; or the scenario's]
  --mtrr FILE        MTRRs as JSON (format in README "MTRR file"); without it MTRRs are not
                     modelled and the PAT type is the memory type`;

/** The settings the options give over `base` (a scenario's, or the defaults). */
export function memoryTypesFromArgs(
  args: ParsedArgs,
  base: MemoryTypeSettings = DEFAULT_MEMORY_TYPE_SETTINGS,
): MemoryTypeResolver {
  return memoryTypesOver(memoryTypeOptions(args), base);
}

/** What --pat and --mtrr say (each absent when not given): read once, laid over any number of bases. */
export type MemoryTypeOptions = Partial<MemoryTypeSettings>;

/** Parses --pat and reads the --mtrr file. */
export function memoryTypeOptions(args: ParsedArgs): MemoryTypeOptions {
  const options: { -readonly [K in keyof MemoryTypeSettings]?: MemoryTypeSettings[K] } = {};
  const patText = args.values.get("pat");
  if (patText !== undefined) {
    const pat = parsePat(patText);
    if (!pat.ok) throw new UsageError(`--pat: ${pat.error.message.replace(/\.$/, "")}`);
    options.pat = pat.value;
  }
  const mtrrPath = args.values.get("mtrr");
  if (mtrrPath !== undefined) options.mtrrs = readMtrrFile(mtrrPath);
  return options;
}

/** The settings `options` give over `base`, as a resolver. */
export function memoryTypesOver(
  options: MemoryTypeOptions,
  base: MemoryTypeSettings = DEFAULT_MEMORY_TYPE_SETTINGS,
): MemoryTypeResolver {
  const resolver = memoryTypeResolver({ ...base, ...options });
  if (!resolver.ok) throw new InputError(resolver.error.message.replace(/\.$/, ""));
  return resolver.value;
}

function readMtrrFile(path: string): MemoryTypeSettings["mtrrs"] {
  const source = openFileSource(path);
  let text: string;
  try {
    if (source.size > MTRR_FILE_MAX_BYTES)
      throw new InputError(`${path}: the MTRR file is larger than ${MTRR_FILE_MAX_BYTES} bytes`);
    text = new TextDecoder().decode(source.read(0, source.size));
  } finally {
    source.close();
  }
  const parsed = parseMtrrText(text);
  if (!parsed.ok) throw new InputError(`${path}: ${lowerFirst(parsed.error.message).replace(/\.$/, "")}`);
  return parsed.value;
}
