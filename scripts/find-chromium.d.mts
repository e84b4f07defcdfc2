// Types for find-chromium.mjs, so the TypeScript Playwright config can share its flags.
export declare const CHROMIUM_ARGS: readonly string[];
export declare function findChromium(): Promise<{ file: string; source: string } | undefined>;
