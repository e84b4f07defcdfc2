// @ts-check
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Relative or src-rooted imports that reach into the store, the views or the CLI.
const UI_OR_CLI_PATH = String.raw`^(\.{1,2}/|/|src/)(.*/)?(store|views|cli)(/|$)`;

// The engine's folders. Each has an index.ts that is its public face: code outside a folder imports
// the folder, never one of its files, so a folder's internals (RAM's arena and slot table, the
// walk's helpers) stay private to it.
const CORE_FOLDERS =
  "common|arch|memory|machine|walk|space|inspect|dump|scenario|export-code|teach|memtype|diff|exercise|explain|lint|tlb";
const INTO_CORE_FOLDER_FROM_OUTSIDE = {
  regex: String.raw`(^|/)core/(${CORE_FOLDERS})/(?!__fixtures__/)[^/]+`,
  message: "Import the core folder's index (e.g. ../core/walk), not a file inside it.",
};
const INTO_OTHER_CORE_FOLDER = {
  regex: String.raw`^(\.{1,2}/)+(${CORE_FOLDERS})/(?!__fixtures__/)[^/]+`,
  message: "Import another core folder through its index (e.g. ../arch), not a file inside it.",
};
const OWN_FOLDER_INDEX = {
  regex: String.raw`^\.{1,2}(/index)?$`,
  message: "Inside a core folder, import the file itself: importing the folder's own index makes a cycle.",
};

export default defineConfig(
  globalIgnores([
    "dist/",
    "node_modules/",
    "test-results/",
    "playwright-report/",
    "blob-report/",
    "coverage/",
  ]),

  js.configs.recommended,
  // Type-aware rules (floating promises, unsafe any, unbound methods, needless assertions) over the
  // TypeScript sources; plain JavaScript files (configs, scripts) get the syntax-only set.
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ["**/*.{js,mjs}"], extends: [tseslint.configs.disableTypeChecked] },

  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },

  // Browser code.
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
  },

  // Node code: tooling, configs, CLI, end-to-end tests, benchmarks.
  {
    files: ["*.{js,mjs,ts}", "scripts/**", "e2e/**", "bench/**", "src/cli/**"],
    languageOptions: { globals: { ...globals.node } },
  },

  // React hooks rules wherever components and hooks live.
  {
    files: ["src/views/**/*.{ts,tsx}", "src/store/**/*.{ts,tsx}", "src/*.tsx"],
    ...reactHooks.configs.flat["recommended-latest"],
  },

  // The core is a pure engine: no UI frameworks, no reaching into the store, views or CLI.
  {
    files: ["src/core/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "react", message: "src/core is pure: no React." },
            { name: "react-dom", message: "src/core is pure: no React." },
            { name: "zustand", message: "src/core is pure: state lives in src/store." },
            { name: "d3", message: "src/core is pure: rendering lives in src/views." },
          ],
          patterns: [
            {
              group: ["react/*", "react-dom/*", "zustand/*", "d3-*", "d3/*", "@types/d3*"],
              message: "src/core is pure: no UI or state libraries.",
            },
            {
              regex: UI_OR_CLI_PATH,
              message: "src/core must not import from src/store, src/views or src/cli.",
            },
            INTO_OTHER_CORE_FOLDER,
            OWN_FOLDER_INDEX,
          ],
        },
      ],
    },
  },

  // The store, the views, the workers, benchmarks and end-to-end tests use the core through its
  // folders' indexes.
  {
    files: [
      "src/*.{ts,tsx}",
      "src/store/**",
      "src/views/**",
      "src/workers/**",
      "bench/**",
      "e2e/**",
      "scripts/**",
    ],
    rules: {
      "no-restricted-imports": ["error", { patterns: [INTO_CORE_FOLDER_FROM_OUTSIDE] }],
      "no-restricted-syntax": [
        "error",
        {
          selector: `ImportExpression[source.value=/${INTO_CORE_FOLDER_FROM_OUTSIDE.regex.replaceAll("/", "\\/")}/]`,
          message: INTO_CORE_FOLDER_FROM_OUTSIDE.message,
        },
      ],
    },
  },

  // The CLI runs in Node without a UI.
  {
    files: ["src/cli/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: "react", message: "src/cli runs in Node: no React." },
            { name: "react-dom", message: "src/cli runs in Node: no React." },
            { name: "zustand", message: "src/cli runs in Node: no zustand." },
          ],
          patterns: [
            {
              group: ["react/*", "react-dom/*", "zustand/*"],
              message: "src/cli runs in Node: no React or zustand.",
            },
            INTO_CORE_FOLDER_FROM_OUTSIDE,
          ],
        },
      ],
    },
  },
);
