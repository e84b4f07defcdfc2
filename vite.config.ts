import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// One config for the app (Vite) and the unit tests (Vitest).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
  },
  preview: {
    port: 4173,
    strictPort: true,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    exclude: ["node_modules/**", "dist/**", "e2e/**", "bench/**", "test-results/**"],
    passWithNoTests: true,
  },
});
