/**
 * Opening and saving scenarios in the browser: presets (the Linux one fetched on demand), share
 * links in the URL fragment, files. Every way in ends in `openScenario`, which loads the state as
 * one undoable step and records it in the browser history, so back/forward moves between the
 * states the user opened or shared. Every failure becomes one message in the store; the
 * machine is left as it was.
 */
import {
  decodeScenarioLink,
  encodeScenarioLink,
  MAX_LINK_LENGTH,
  parseScenarioBytes,
  scenarioFileSizeError,
  serializeScenario,
  loadPreset,
  presetById,
  type ScenarioState,
} from "../../core/scenario";
import { isExerciseFragment } from "../../core/exercise";
import type { ScenarioSource } from "../../store/openScenario";
import { selectCurrentScenario } from "../../store/selectors";
import { actions, appStore } from "../../store/usePagewalk";
import { unexpectedErrorText } from "./unexpectedError";

/**
 * States this page opened or shared, by the number kept in their history entry's `state`, so
 * back/forward reopens them without decoding (and also reaches states too large for a link).
 */
const opened = new Map<number, { state: ScenarioState; source: ScenarioSource }>();
const OPENED_KEPT = 30;
let openedCount = 0;
/** The fragment last applied or pushed: a hashchange to it is not a new link. */
let lastFragment = "";

/** Tells this page's marks from those of an earlier load of the page (whose cache is gone). */
const session = Math.random().toString(36).slice(2);

interface HistoryMark {
  readonly pagewalk: number;
  readonly session: string;
}
function markOf(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const mark = value as Partial<HistoryMark>;
  return typeof mark.pagewalk === "number" && mark.session === session ? mark.pagewalk : null;
}

function remember(state: ScenarioState, source: ScenarioSource): HistoryMark {
  const id = ++openedCount;
  opened.set(id, { state, source });
  if (opened.size > OPENED_KEPT) opened.delete(opened.keys().next().value as number);
  return { pagewalk: id, session };
}

const pageUrl = (): string => location.pathname + location.search;

/** The link fragment for a state, or null when it is over the link limit. */
async function fragmentFor(state: ScenarioState): Promise<string | null> {
  const fragment = await encodeScenarioLink(state);
  return fragment.length <= MAX_LINK_LENGTH ? fragment : null;
}

/** Loads a state and adds a history entry for it (with its link in the address bar when it fits). */
export async function openScenario(state: ScenarioState, source: ScenarioSource): Promise<void> {
  actions.loadScenario(state, source);
  const fragment = await fragmentFor(state).catch(() => null);
  const url = fragment ?? pageUrl();
  history.pushState(remember(state, source), "", url);
  lastFragment = location.hash;
}

/** Loads a preset; the Linux one is fetched on demand, with a busy state and a clear error. */
export async function openPreset(id: string): Promise<void> {
  const preset = presetById(id);
  if (!preset) return;
  const token = actions.beginLoad(
    preset.build ? `Opening ${preset.meta.title}…` : `Loading ${preset.meta.title}…`,
  );
  try {
    const loaded = await loadPreset(id, { baseUrl: `${import.meta.env.BASE_URL}scenarios/` });
    if (!actions.isCurrent(token)) return;
    if (!loaded.ok) {
      actions.showMessage({ kind: "error", text: loaded.error.message });
      return;
    }
    await openScenario(loaded.value, "example");
  } finally {
    actions.endLoad(token);
  }
}

/**
 * Opens the scenario a fragment carries; a bad one leaves the state as it is and says why. The
 * link a page was opened with starts its history (there is nothing before it to undo to).
 */
async function openFragment(fragment: string, options: { asStart?: boolean } = {}): Promise<void> {
  lastFragment = fragment;
  const token = actions.beginLoad("Opening the link…");
  try {
    const decoded = await decodeScenarioLink(fragment).catch((e: unknown) => ({
      ok: false as const,
      error: {
        message: `This link could not be read (${unexpectedErrorText(e)}).`,
      },
    }));
    if (!actions.isCurrent(token)) return;
    if (!decoded.ok) {
      // A page opened with the link had no state of its own to keep: say what it shows instead.
      const state = appStore.getState();
      const title = selectCurrentScenario(state).title;
      const shown = title ? `“${title}”` : "the start page";
      const after =
        options.asStart === true && state.past.length === 0
          ? `Showing ${shown} instead.`
          : "Your current state is unchanged.";
      actions.showMessage({
        kind: "error",
        text: `${decoded.error.message} ${after}`,
        offerExamples: true,
      });
      return;
    }
    actions.loadScenario(decoded.value, "link", {
      asStart: options.asStart === true && appStore.getState().past.length === 0,
    });
    // The browser already made the history entry; mark it so back/forward reopens it at once.
    if (location.hash === fragment) history.replaceState(remember(decoded.value, "link"), "", location.href);
  } finally {
    actions.endLoad(token);
  }
}

/**
 * Keeps the address bar at the lesson step shown, as Copy link would make it: a reload, or the
 * address copied from the bar, reopens that step rather than the lesson's first. Replaced, not
 * pushed: moving through a lesson is reading, and the browser's Back still leaves the lesson. Only
 * while the bar shows a link this page put there (not an exercise's, not the bare page of a state
 * too large for a link), and only when the step shown changes within one lesson run (Next, Back,
 * a step chosen, undone or redone; a step added or deleted, whose link then holds the lesson as
 * authored so far), not when a lesson is opened. The link is made as soon as the move has
 * rendered (a reload right after Back must not find the step before it); of quick moves, the last
 * one's link is the one kept.
 */
function followLessonSteps(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest = 0;
  const unsubscribe = appStore.subscribe((state, prev) => {
    const run = state.meta?.lessonRun;
    const before = prev.meta?.lessonRun;
    if (!run || !before || run.at === before.at || run.base !== before.base) return;
    clearTimeout(timer);
    const move = ++latest;
    timer = setTimeout(() => {
      const shownLink = location.hash;
      if (shownLink.length <= 1 || shownLink !== lastFragment) return;
      const now = appStore.getState();
      const shown = selectCurrentScenario(now);
      const source = now.meta?.source ?? "link";
      void fragmentFor(shown)
        .catch(() => null)
        .then((fragment) => {
          if (move !== latest || fragment === null || location.hash !== shownLink) return;
          history.replaceState(remember(shown, source), "", fragment);
          lastFragment = fragment;
        });
    }, 0);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/**
 * Reacts to back/forward and to a fragment typed or pasted into the address bar. The first call
 * (page load) opens the fragment, if any, and marks the first history entry with the start state.
 * While it runs, the address bar follows a lesson's steps (followLessonSteps).
 */
export function startHistorySync(): () => void {
  const onNavigate = (): void => {
    const id = markOf(history.state);
    const known = id === null ? undefined : opened.get(id);
    if (known) {
      lastFragment = location.hash;
      actions.loadScenario(known.state, known.source);
      return;
    }
    if (location.hash === lastFragment) return;
    // Exercise links belong to the exercise screen (views/exercise), not to scenarios.
    if (isExerciseFragment(location.hash)) return;
    if (location.hash === "" || location.hash === "#") {
      lastFragment = location.hash;
      return;
    }
    void openFragment(location.hash);
  };
  if (location.hash.length > 1 && !isExerciseFragment(location.hash)) {
    void openFragment(location.hash, { asStart: true });
  } else {
    // Back to the very first entry brings back the state the page started with.
    history.replaceState(remember(selectCurrentScenario(appStore.getState()), "example"), "", location.href);
    lastFragment = location.hash;
  }
  window.addEventListener("popstate", onNavigate);
  window.addEventListener("hashchange", onNavigate);
  const stopFollowing = followLessonSteps();
  return () => {
    window.removeEventListener("popstate", onNavigate);
    window.removeEventListener("hashchange", onNavigate);
    stopFollowing();
  };
}

export type ShareResult =
  | { readonly kind: "link"; readonly url: string; readonly fragmentLength: number; readonly copied: boolean }
  | { readonly kind: "too-large"; readonly fragmentLength: number };

/**
 * Puts the current state in the URL fragment (a new history entry unless it is already there)
 * and copies the full URL. Too large for a link: says so, and the caller offers the file.
 */
export async function shareCurrent(): Promise<ShareResult> {
  const state = selectCurrentScenario(appStore.getState());
  const fragment = await encodeScenarioLink(state);
  if (fragment.length > MAX_LINK_LENGTH) return { kind: "too-large", fragmentLength: fragment.length };
  const mark = remember(state, appStore.getState().meta?.source ?? "link");
  if (location.hash === fragment) history.replaceState(mark, "", fragment);
  else history.pushState(mark, "", fragment);
  lastFragment = fragment;
  const url = location.href;
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    // No clipboard permission (or an insecure context): the caller selects the text field instead.
  }
  return { kind: "link", url, fragmentLength: fragment.length, copied };
}

/**
 * Reads a scenario file (`.json` or `.pwscn`, chosen with Open… or dropped) and opens it; a bad file
 * changes nothing. Its size is checked before a byte is read: a 2 GiB file gets the size message at
 * once, not after reading it (or a cut-off error when it cannot be read into one buffer).
 */
export async function openFile(file: File): Promise<void> {
  const token = actions.beginLoad(`Opening ${file.name}…`);
  const refuse = (message: string): void =>
    actions.showMessage({
      kind: "error",
      text: `"${file.name}" was not opened: ${message} Your current state is unchanged.`,
      offerExamples: true,
    });
  try {
    const tooLarge = scenarioFileSizeError(file.size);
    if (tooLarge) {
      refuse(tooLarge.message);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const parsed = await parseScenarioBytes(bytes);
    if (!actions.isCurrent(token)) return;
    if (!parsed.ok) {
      refuse(parsed.error.message);
      return;
    }
    await openScenario(parsed.value, "file");
  } catch (e) {
    actions.showMessage({
      kind: "error",
      text: `"${file.name}" could not be read (${unexpectedErrorText(e)}). Your current state is unchanged.`,
    });
  } finally {
    actions.endLoad(token);
  }
}

/** A file name from the scenario's title: lower case, dashes, at most 60 characters. */
export function fileNameFor(title: string | undefined): string {
  const slug = (title ?? "")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return `${slug || "pagewalk-scenario"}.json`;
}

/** Downloads the current state as a scenario JSON file (the documented format, indented). */
export function saveCurrent(): void {
  const state = selectCurrentScenario(appStore.getState());
  const blob = new Blob([serializeScenario(state) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileNameFor(state.title);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
