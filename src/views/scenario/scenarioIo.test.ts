import { describe, expect, it } from "vitest";
import { appStore } from "../../store/usePagewalk";
import { fileNameFor, openFile } from "./scenarioIo";

describe("fileNameFor", () => {
  it("makes a file name from the title", () => {
    expect(fileNameFor("Worked example (Writing an OS in Rust)")).toBe(
      "worked-example-writing-an-os-in-rust.json",
    );
    expect(fileNameFor("Café – ünïcode")).toBe("cafe-unicode.json");
    expect(fileNameFor(undefined)).toBe("pagewalk-scenario.json");
    expect(fileNameFor("<script>/../..")).toBe("script.json");
    expect(fileNameFor("x".repeat(300))).toBe(`${"x".repeat(60)}.json`);
  });
});

describe("openFile (Open… and dropped files)", () => {
  it("refuses a file over the size limit from its size, before reading a byte of it", async () => {
    const reads: string[] = [];
    const unread = (what: string) => () => {
      reads.push(what);
      throw new Error(`${what} must not be called`);
    };
    // A 2 GiB file: reading it whole took seconds and a GiB, or failed with a cut-off message.
    const huge = {
      name: "huge.json",
      size: 2 ** 31,
      type: "application/json",
      arrayBuffer: unread("arrayBuffer"),
      bytes: unread("bytes"),
      text: unread("text"),
      stream: unread("stream"),
      slice: unread("slice"),
    } as unknown as File;
    const before = appStore.getState().machine;
    await openFile(huge);
    expect(reads).toEqual([]);
    const state = appStore.getState();
    expect(state.message).toMatchObject({
      kind: "error",
      text: '"huge.json" was not opened: The file is too large (2048 MiB; the limit is 32 MiB). Your current state is unchanged.',
    });
    expect(state.machine).toBe(before);
    expect(state.busy).toBe(null);
  });
});
