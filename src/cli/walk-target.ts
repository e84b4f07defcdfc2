/**
 * What `translate` and `mappings` walk: a dump (`--memory IMAGE`, read lazily) or a scenario file
 * (`--scenario FILE`, its RAM built in memory), with registers from the dump's QEMU note or the
 * scenario, overridden by the register options.
 */
import { inflateRawSync } from "node:zlib";
import { openDump, type Dump } from "../core/dump";
import { parseU64 } from "../core/common";
import type { PhysicalMemory } from "../core/memory";
import { DEFAULT_REGISTERS, pagingMode, validateRegisters, type Registers } from "../core/arch";
import {
  machineFromScenario,
  parseScenarioBytesSync,
  scenarioFileSizeError,
  type InflateError,
  type ScenarioState,
} from "../core/scenario";
import { err, lowerFirst, ok, type Result } from "../core/common";
import type { MemoryTypeSettings } from "../core/memtype";
import { InputError, UsageError, type ParsedArgs } from "./args";
import { openFileSource, type FileSource } from "./file-source";

export const REGISTER_OPTIONS = [
  "memory",
  "scenario",
  "cr3",
  "cr0",
  "cr4",
  "efer",
  "pkru",
  "maxphyaddr",
] as const;

/** What a command walks: physical memory (a dump read lazily, or a scenario's RAM) and registers. */
export interface WalkTarget {
  readonly memory: PhysicalMemory;
  readonly regs: Registers;
  /** The dump and its file, when the target is `--memory IMAGE`. */
  readonly dump: { readonly dump: Dump; readonly source: FileSource } | null;
  /** The scenario's IA32_PAT and MTRRs, when it states them. */
  readonly memoryTypes?: MemoryTypeSettings;
  close(): void;
}

/** Register values given on the command line (unset: from the dump, the scenario or the defaults). */
export type RegisterFlags = { -readonly [K in keyof Registers]?: number };

export function registerFlags(args: ParsedArgs): RegisterFlags {
  const flags: RegisterFlags = {};
  for (const [name, bits] of [
    ["cr0", 32],
    ["cr3", 52],
    ["cr4", 32],
    ["efer", 32],
    ["pkru", 32],
  ] as const) {
    const value = parseRegister(args, name, bits);
    if (value !== undefined) flags[name] = value;
  }
  const maxText = args.values.get("maxphyaddr");
  if (maxText !== undefined) {
    if (!/^\d+$/.test(maxText.trim()))
      throw new UsageError(`--maxphyaddr "${maxText}" is not a decimal number of bits`);
    flags.maxPhyAddr = Number(maxText.trim());
  }
  return flags;
}

function parseRegister(args: ParsedArgs, name: string, bits: 32 | 52): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const parsed = parseU64(text, `--${name}`);
  if (!parsed.ok) throw new UsageError(parsed.error.message.replace(/\.$/, ""));
  if (parsed.value >= 1n << BigInt(bits))
    throw new UsageError(`--${name} ${text} does not fit in ${bits} bits`);
  return Number(parsed.value);
}

/**
 * `fallbackCr3` stands in for `--cr3` when the image has no CR3 of its own (a raw image, or an ELF
 * core without QEMU's CPU note): `explain` passes the log's.
 */
export function openWalkTarget(args: ParsedArgs, fallbackCr3?: number): WalkTarget {
  const path = args.values.get("memory");
  const scenarioPath = args.values.get("scenario");
  if (path !== undefined && scenarioPath !== undefined)
    throw new UsageError("give either --memory IMAGE or --scenario FILE, not both");
  const flags = registerFlags(args);
  if (scenarioPath !== undefined) return openScenarioTarget(scenarioPath, flags);
  if (path === undefined) {
    throw new UsageError(
      "--memory IMAGE is required (a raw memory dump or an ELF core), or --scenario FILE (a Pagewalk scenario)",
    );
  }
  const source = openFileSource(path);
  try {
    const opened = openDump(source);
    if (!opened.ok) throw new InputError(`${path}: ${lowerFirst(opened.error.message)}`);
    const dump = opened.value;
    const fromNote = dump.cpu;
    const root = flags.cr3 ?? fromNote?.cr3 ?? fallbackCr3;
    if (root === undefined) {
      throw new UsageError(
        dump.format === "raw"
          ? "--cr3 is required for a raw memory image"
          : "--cr3 is required: the ELF core has no QEMU CPU note",
      );
    }
    const regs: Registers = {
      ...DEFAULT_REGISTERS,
      cr0: flags.cr0 ?? fromNote?.cr0 ?? DEFAULT_REGISTERS.cr0,
      cr3: root,
      cr4: flags.cr4 ?? fromNote?.cr4 ?? DEFAULT_REGISTERS.cr4,
      efer: flags.efer ?? DEFAULT_REGISTERS.efer,
      pkru: flags.pkru ?? DEFAULT_REGISTERS.pkru,
      maxPhyAddr: flags.maxPhyAddr ?? DEFAULT_REGISTERS.maxPhyAddr,
    };
    checkRegisters(regs, dump.memory, `${path} covers ${describeSize(dump.memory.sizeBytes)}`);
    return { memory: dump.memory, regs, dump: { dump, source }, close: () => source.close() };
  } catch (e) {
    source.close();
    throw e;
  }
}

function openScenarioTarget(path: string, flags: RegisterFlags): WalkTarget {
  const scenario = readScenarioFile(path);
  const { ram, regs: fromFile, memoryTypes } = machineFromScenario(scenario);
  const regs: Registers = { ...fromFile, ...flags };
  checkRegisters(regs, ram, `the scenario's RAM is ${describeSize(ram.sizeBytes)}`);
  return {
    memory: ram,
    regs,
    dump: null,
    ...(memoryTypes === undefined ? {} : { memoryTypes }),
    close: () => undefined,
  };
}

/**
 * A scenario file (`.json`, or `.pwscn`: the same JSON raw-deflated) read as the browser reads it
 * (`parseScenarioBytesSync`: the same limits and messages), its size checked before it is read.
 */
function readScenarioFile(path: string): ScenarioState {
  const source = openFileSource(path);
  let bytes: Uint8Array;
  try {
    const tooLarge = scenarioFileSizeError(source.size);
    if (tooLarge) throw new InputError(`${path}: ${sentence(tooLarge.message)}`);
    bytes = source.read(0, source.size);
  } finally {
    source.close();
  }
  const parsed = parseScenarioBytesSync(bytes, inflateRawNode);
  if (!parsed.ok) throw new InputError(`${path}: ${sentence(parsed.error.message)}`);
  return parsed.value;
}

/**
 * Node's zlib as the scenario reader's inflater: output stops at `limit` bytes, and data after the
 * end of the deflate stream (which zlib ignores) is refused, as the browser's stream refuses it.
 */
function inflateRawNode(bytes: Uint8Array, limit: number): Result<Uint8Array, InflateError> {
  try {
    const { buffer, engine } = inflateRawSync(bytes, { maxOutputLength: limit, info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (engine.bytesWritten < bytes.length)
      return err("corrupt", "its compressed data is followed by other data");
    return ok(new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength));
  } catch (e) {
    return (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
      ? err("too-large", `it unpacks to more than ${limit} bytes`)
      : err("corrupt", "its compressed data is truncated or damaged");
  }
}

/** A core message inside the one-line error: lower-case start, no final period. */
function sentence(message: string): string {
  return lowerFirst(message).replace(/\.$/, "");
}

function checkRegisters(regs: Registers, memory: PhysicalMemory, covers: string): void {
  const problems = validateRegisters(regs);
  if (problems.length > 0) throw new UsageError(lowerFirst(problems[0] as string).replace(/\.$/, ""));
  const mode = pagingMode(regs);
  if (mode.unsupported) throw new InputError(lowerFirst(mode.unsupported).replace(/\.$/, ""));
  if (memory.readFrame(mode.root / 4096) === null) {
    // Below the image's top but unreadable: an ELF core's segments leave holes between them.
    const where =
      mode.root < memory.sizeBytes
        ? `into a hole of the memory image: no segment of it holds that frame (${covers})`
        : `outside the memory image (${covers})`;
    throw new InputError(`CR3 0x${regs.cr3.toString(16)} points ${where}`);
  }
}

export function describeSize(bytes: number): string {
  if (bytes >= 1 << 30 && bytes % (1 << 30) === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes >= 1 << 20 && bytes % (1 << 20) === 0) return `${bytes / (1 << 20)} MiB`;
  return `${bytes} bytes`;
}
