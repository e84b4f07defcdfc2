import { deflateRawSync, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { err, ok } from "../common";
import { inflateRawBounded } from "./deflate";
import {
  compressScenario,
  looksLikeScenarioFile,
  parseScenarioBytes,
  parseScenarioBytesSync,
  scenarioFileSizeError,
  SCENARIO_SNIFF_BYTES,
} from "./file";
import { workedExample } from "./presets/worked-example";
import { serializeScenario } from "./serialize";
import { LIMITS } from "./scenario-state";

const worked = (workedExample.build as () => ReturnType<NonNullable<typeof workedExample.build>>)();
const json = new TextEncoder().encode(serializeScenario(worked));

/** A synchronous inflater like the CLI's (src/cli/walk-target.ts): Node's zlib, refusing data after the stream. */
const zlibInflate = (bytes: Uint8Array, limit: number) => {
  try {
    const { buffer, engine } = inflateRawSync(bytes, { maxOutputLength: limit, info: true }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    return engine.bytesWritten < bytes.length
      ? err("corrupt", "followed by other data")
      : ok(new Uint8Array(buffer));
  } catch (e) {
    return (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
      ? err("too-large", "")
      : err("corrupt", "damaged");
  }
};

/** The message of both readers, which must agree. */
async function refusal(bytes: Uint8Array): Promise<string> {
  const async = await parseScenarioBytes(bytes);
  const sync = parseScenarioBytesSync(bytes, zlibInflate);
  if (async.ok || sync.ok) throw new Error("expected a refusal from both readers");
  expect(sync.error).toEqual(async.error);
  return async.error.message;
}

describe("scenario files (.json and .pwscn)", () => {
  it("reads JSON and the compressed form alike, synchronously or not", async () => {
    const packed = await compressScenario(worked);
    for (const bytes of [json, packed]) {
      expect(await parseScenarioBytes(bytes)).toEqual({ ok: true, value: worked });
      expect(parseScenarioBytesSync(bytes, zlibInflate)).toEqual({ ok: true, value: worked });
    }
  });

  it("refuses a compressed scenario with data after the end of its deflate stream, on every platform", async () => {
    const packed = await compressScenario(worked);
    const junk = new Uint8Array([...packed, ...new TextEncoder().encode("junk")]);
    expect(await refusal(junk)).toBe("The file is neither a scenario (JSON) nor a compressed scenario.");
    const oneByte = new Uint8Array([...packed, 0]);
    expect(await refusal(oneByte)).toBe("The file is neither a scenario (JSON) nor a compressed scenario.");
    expect(await inflateRawBounded(oneByte, 1 << 20)).toEqual(
      err("corrupt", "its compressed data is followed by other data"),
    );
  });

  it("says what a file is when it is a dump, a compressed file or a picture", async () => {
    const elf = new Uint8Array(64);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1]);
    expect(await refusal(elf)).toBe(
      "This is an ELF file, not a scenario: if it is a memory dump, open it with Import dump… (on the command line, --memory).",
    );
    const gz = new Uint8Array(300);
    gz.set([0x1f, 0x8b, 8]);
    expect(await refusal(gz)).toBe("This is a gzip file, not a scenario: decompress it first (gunzip).");
    const png = new Uint8Array(300);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    expect(await refusal(png)).toBe("This is a PNG image, not a scenario.");
    const frames = new Uint8Array(8192).fill(0x41);
    expect(await refusal(frames)).toBe(
      "The file is neither a scenario (JSON) nor a compressed scenario. If it is a raw memory dump, open it with Import dump… (on the command line, --memory).",
    );
  });

  it("says a JSON array is JSON, but not a scenario", async () => {
    for (const text of ["[]", ' \n[{"format": "pagewalk-scenario"}]', "\ufeff[1, 2]"]) {
      expect(await refusal(new TextEncoder().encode(text))).toMatch(
        /^This is JSON, but not a Pagewalk scenario: a scenario is a JSON object, and this is an array\.$/,
      );
    }
  });

  it("says a lone JSON number, string, boolean or null is JSON, but not a scenario", async () => {
    const cases: [string, string][] = [
      ["42", "the number 42"],
      [' "hello"\n', 'the string "hello"'],
      ["true", "the boolean true"],
      ["null", "null"],
    ];
    for (const [text, what] of cases) {
      expect(await refusal(new TextEncoder().encode(text))).toBe(
        `This is JSON, but not a Pagewalk scenario: a scenario is a JSON object, and this is ${what}.`,
      );
    }
  });

  it("refuses by size before reading, with the same message for a file's size and its bytes", async () => {
    expect(scenarioFileSizeError(LIMITS.fileBytes)).toBe(null);
    expect(scenarioFileSizeError(2 ** 31)).toEqual({
      kind: "too-large",
      message: "The file is too large (2048 MiB; the limit is 32 MiB).",
    });
    const big = new Uint8Array(LIMITS.fileBytes + (1 << 20));
    expect(await refusal(big)).toBe("The file is too large (33 MiB; the limit is 32 MiB).");
    const bomb = new Uint8Array(deflateRawSync(new Uint8Array(LIMITS.fileBytes + 1)));
    expect(await refusal(bomb)).toBe("The file is refused: it unpacks to more than 32 MiB.");
  });
});

describe("telling a scenario file from a memory dump (a scenario given to Import dump…)", () => {
  const head = (bytes: Uint8Array): Uint8Array => bytes.subarray(0, SCENARIO_SNIFF_BYTES);
  const text = (t: string): Uint8Array => new TextEncoder().encode(t);

  it("knows a saved scenario by its first bytes, whatever its name, and a .pwscn by its name", async () => {
    expect(looksLikeScenarioFile("worked.json", head(json))).toBe(true);
    expect(looksLikeScenarioFile("renamed.bin", head(json))).toBe(true);
    const compact = text(serializeScenario(worked, { compact: true }));
    expect(looksLikeScenarioFile("x", head(compact))).toBe(true);
    expect(
      looksLikeScenarioFile("x", text('\ufeff \n{ "format" : "pagewalk-scenario", "version": 1 }')),
    ).toBe(true);
    expect(looksLikeScenarioFile("linux.pwscn", await compressScenario(worked))).toBe(true);
  });

  it("does not take a dump, other JSON or a compressed scenario under another name for one", async () => {
    expect(looksLikeScenarioFile("mem.raw", new Uint8Array(SCENARIO_SNIFF_BYTES))).toBe(false);
    const elf = new Uint8Array(64);
    elf.set([0x7f, 0x45, 0x4c, 0x46]);
    expect(looksLikeScenarioFile("core.elf", elf)).toBe(false);
    expect(looksLikeScenarioFile("x.json", text('{"format": "something-else"}'))).toBe(false);
    expect(looksLikeScenarioFile("x.json", text('[{"format": "pagewalk-scenario"}]'))).toBe(false);
    expect(looksLikeScenarioFile("x.bin", await compressScenario(worked))).toBe(false);
  });
});
