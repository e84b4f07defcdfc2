import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The custom properties the views use against the ones something sets. A `var(--x)` that nothing
 * sets is the CSS default (no colour, no border), silently: the Check panel's and Explain's
 * severities once named `--error` and `--warning`, which no theme set, so their light fallbacks
 * showed on the dark panel at 2.4:1. And a fallback on a theme variable is dead code that says the
 * wrong thing: a light-theme hex that would show in the dark theme too if the variable ever went.
 */
const SRC = join(__dirname, "..");
const APP_CSS = join(__dirname, "app.css");

interface Use {
  readonly name: string;
  readonly fallback: boolean;
  readonly where: string;
}

/** Every .css, .ts and .tsx file of the app's faces (not the core or CLI, whose "--x" are options). */
function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => /\.(css|tsx?)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .filter((f) => !/^(core|cli)[/\\]/.test(f))
    .map((f) => join(SRC, f));
}

function scan(): { uses: Use[]; set: Set<string>; theme: Set<string> } {
  const uses: Use[] = [];
  const set = new Set<string>();
  for (const file of sourceFiles()) {
    const text = readFileSync(file, "utf8");
    const where = relative(SRC, file);
    for (const m of text.matchAll(/var\(\s*(--[a-z][\w-]*)\s*(,)?/g))
      uses.push({ name: m[1]!, fallback: m[2] === ",", where });
    if (file.endsWith(".css")) {
      for (const m of text.matchAll(/(--[a-z][\w-]*)\s*:/g)) set.add(m[1]!);
    } else {
      // A style object's key ("--digits": …), setProperty("--text-scale", …), or a name a module
      // hands to var() itself (entryColors' table of names).
      for (const m of text.matchAll(/["'`](--[a-z][\w-]*)["'`]/g)) {
        set.add(m[1]!);
        uses.push({ name: m[1]!, fallback: false, where });
      }
    }
  }
  const root = /:root\s*\{([^}]*)\}/.exec(readFileSync(APP_CSS, "utf8"))?.[1] ?? "";
  const theme = new Set([...root.matchAll(/(--[a-z][\w-]*)\s*:/g)].map((m) => m[1]!));
  return { uses, set, theme };
}

describe("CSS custom properties", () => {
  const { uses, set, theme } = scan();

  it("finds the theme and the views' uses of it", () => {
    expect(theme.has("--panel") && theme.has("--fault")).toBe(true);
    expect(uses.filter((u) => u.name === "--fault").length).toBeGreaterThan(3);
  });

  it("every variable used without a fallback is set somewhere", () => {
    // A name built in a template (`var(--level-${level})`) ends at its prefix: some set name must
    // start with it.
    const isSet = (name: string) =>
      name.endsWith("-") ? [...set].some((s) => s.startsWith(name)) : set.has(name);
    const unset = uses.filter((u) => !u.fallback && !isSet(u.name));
    expect(unset.map((u) => `${u.where}: ${u.name}`)).toEqual([]);
  });

  it("no use of a theme variable carries a fallback (it would never apply)", () => {
    const dead = uses.filter((u) => u.fallback && theme.has(u.name));
    expect(dead.map((u) => `${u.where}: ${u.name}`)).toEqual([]);
  });
});
