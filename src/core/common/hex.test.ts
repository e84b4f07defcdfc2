import { describe, expect, it } from "vitest";
import { formatHex, parseU64, U64_MAX } from "./hex";

const value = (text: string): bigint => {
  const r = parseU64(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const errorKind = (text: string): string => {
  const r = parseU64(text);
  if (r.ok) throw new Error(`parsed ${text} as ${r.value}`);
  return r.error.kind;
};

describe("parseU64", () => {
  it("reads hex with or without 0x, any case", () => {
    expect(value("0x803fe7f5ce")).toBe(0x803fe7f5cen);
    expect(value("803FE7F5CE")).toBe(0x803fe7f5cen);
    expect(value("0X10")).toBe(16n);
    expect(value("  0x1f  ")).toBe(31n);
  });

  it("accepts _ ' and spaces as digit separators", () => {
    expect(value("ffff_8000_0000_0000")).toBe(0xffff800000000000n);
    expect(value("0xffff_8000_0000_0000")).toBe(0xffff800000000000n);
    expect(value("0x_1_0")).toBe(16n);
    expect(value("dead'beef")).toBe(0xdeadbeefn);
    expect(value("0x ffff 8000")).toBe(0xffff8000n);
  });

  it("calls two prefixed numbers two numbers, not a number with a stray x", () => {
    const r = parseU64("0x9000 0x3000", "Physical address");
    expect(r.ok ? "" : r.error.message).toBe('Physical address "0x9000 0x3000" is more than one number.');
    expect(parseU64("0x9000 3000").ok).toBe(true); // one prefix: groups of one number
  });

  it("quotes at most 40 characters of what was typed, and control characters as escapes", () => {
    const message = (text: string): string => {
      const r = parseU64(text, "virtual address");
      if (r.ok) throw new Error("expected a refusal");
      return r.error.message;
    };
    expect(message("1".repeat(100_000))).toBe(
      `Virtual address "${"1".repeat(40)}…" does not fit in 64 bits.`,
    );
    expect(message("0xzz" + "x".repeat(100))).toBe(
      `Virtual address "0xzz${"x".repeat(36)}…" is not a hex number (unexpected "z").`,
    );
    expect(message("12\u001b[31mred")).toBe(
      'Virtual address "12\\u001b[31mred" is not a hex number (unexpected "\\u001b").',
    );
  });

  it("reads decimal with the 0d prefix", () => {
    expect(value("0d4096")).toBe(4096n);
    expect(value("0d1_000")).toBe(1000n);
    expect(errorKind("0d12a")).toBe("malformed");
  });

  it("reads the full 64-bit range and refuses wider values", () => {
    expect(value("0xffff_ffff_ffff_ffff")).toBe(U64_MAX);
    expect(value("0x0000000000000000000001")).toBe(1n); // leading zeros do not make it wider
    expect(errorKind("0x1_0000_0000_0000_0000")).toBe("too-large");
    expect(errorKind("0d18446744073709551616")).toBe("too-large");
    expect(value("0d18446744073709551615")).toBe(U64_MAX);
  });

  it("refuses empty input, prefixes without digits and bad characters, naming the character", () => {
    expect(errorKind("")).toBe("empty");
    expect(errorKind("   ")).toBe("empty");
    expect(errorKind("0x")).toBe("malformed");
    expect(errorKind("0x__")).toBe("malformed");
    expect(errorKind("-1")).toBe("malformed");
    expect(errorKind("0x12g4")).toBe("malformed");
    expect(errorKind("1.5")).toBe("malformed");
    const r = parseU64("0x12g4", "virtual address");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toContain('"g"');
      expect(r.error.message).toMatch(/^Virtual address/);
    }
  });
});

describe("formatHex", () => {
  it("prints lower-case hex with 0x, from number or bigint", () => {
    expect(formatHex(0xabcn)).toBe("0xabc");
    expect(formatHex(0xabc)).toBe("0xabc");
    expect(formatHex(0)).toBe("0x0");
    expect(formatHex(U64_MAX)).toBe("0xffffffffffffffff");
    expect(formatHex(2 ** 52 - 1)).toBe("0xfffffffffffff");
  });

  it("pads, separates every 4 digits from the right, and can drop the prefix", () => {
    expect(formatHex(0x1000, { digits: 16 })).toBe("0x0000000000001000");
    expect(formatHex(0xffff800000000000n, { separators: true })).toBe("0xffff_8000_0000_0000");
    expect(formatHex(0x12345, { separators: true })).toBe("0x1_2345");
    expect(formatHex(0x1234, { separators: true })).toBe("0x1234");
    expect(formatHex(0x1000, { digits: 8, separators: true, prefix: false })).toBe("0000_1000");
  });

  it("round-trips through parseU64", () => {
    for (const v of [0n, 1n, 0x803fe7f5cen, 0xffff800000000000n, U64_MAX]) {
      expect(value(formatHex(v))).toBe(v);
      expect(value(formatHex(v, { separators: true }))).toBe(v);
      expect(value(formatHex(v, { prefix: false, digits: 16 }))).toBe(v);
    }
  });
});
