/**
 * Pan and zoom for a graph, framework-free (after xyflow's `XYPanZoom`, STYLE §1): d3-zoom owns the
 * wheel/drag/touch handling on the viewport (an element that never moves), and every change is
 * reported through `onTransform`, which the view applies to the one layer it draws in — nodes are
 * never re-rendered for a wheel event (STYLE §5).
 */
import { select, zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior } from "d3";

export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly k: number;
}

export interface Bounds {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PanZoomOptions {
  readonly minZoom?: number;
  readonly maxZoom?: number;
  /** Every change of the transform (wheel, drag, buttons, fit). */
  readonly onTransform: (viewport: Viewport) => void;
  /**
   * When a gesture ends (for work too heavy for every frame, e.g. choosing what is on screen), with
   * the viewport's size in pixels.
   */
  readonly onTransformEnd?: (viewport: Viewport, width: number, height: number) => void;
  /**
   * Whether one finger pans (default: yes). When not, a one-finger touch is left to the page, which
   * scrolls (with CSS `touch-action: pan-x pan-y` on the viewport), and two fingers pan and pinch.
   */
  readonly oneFingerPans?: () => boolean;
  /** The drawing's bounds (content coordinates): a pan or zoom keeps some of it in view. */
  readonly contentBounds?: () => Bounds | null;
}

export interface PanZoomInstance {
  getViewport(): Viewport;
  setViewport(viewport: Viewport): void;
  /** Zooms about the centre of the viewport by `factor` (e.g. 1.25 in, 0.8 out). */
  zoomBy(factor: number): void;
  /** Shows `bounds` (content coordinates) whole and centred, or as much as `options.minZoom` allows. */
  fitBounds(bounds: Bounds, options?: FitOptions): Viewport;
  /** Shows a walk's path at a readable scale (`fitPathViewport`). */
  fitPath(boxes: readonly Bounds[]): void;
  /** Pans (same zoom) just enough to show `box` (content coordinates), if it is not in view. */
  panIntoView(box: Bounds): void;
  destroy(): void;
}

export interface FitOptions {
  /** Pixels kept free around the bounds (default 24). */
  readonly padding?: number;
  /** Never zoom in further than this to fit a small graph (default 1.25). */
  readonly maxZoom?: number;
  /**
   * Never zoom out further than this (default: the pan-zoom's minimum). When the bounds do not fit
   * at this zoom, their left edge is shown and the view is centred vertically on `focusY`.
   */
  readonly minZoom?: number;
  /** Content y to centre on when the bounds do not fit (default: their middle). */
  readonly focusY?: number;
}

/**
 * The smallest text of a node (its VA range and counts, the run rows) is 13 px in layout units: at
 * this zoom it is 11 px on screen, the least that reads comfortably. Views fit to this, not below.
 */
export const READABLE_ZOOM = 11 / 13;

/** The smallest box holding all of `boxes` (top-left corners). */
export function unionOf(boxes: readonly Bounds[]): Bounds | null {
  if (boxes.length === 0) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const b of boxes) {
    minX = Math.min(minX, b.x);
    minY = Math.min(minY, b.y);
    maxX = Math.max(maxX, b.x + b.width);
    maxY = Math.max(maxY, b.y + b.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/**
 * The transform that shows a walk's path (`boxes`, top-left corners, top table first) at a readable
 * scale: whole and centred when it fits at READABLE_ZOOM or larger (up to 1.25). Else at
 * READABLE_ZOOM (the most of the path a readable view holds), one axis at a time: centred on the path
 * along an axis it fits in; along one it does not, slid from the path's centre only as far as it takes
 * to hold the end of the path (its last box) whole, so the tables before it fill the rest of the view.
 * On the Linux tables at 1280×720 the path runs 640 px across (a column of tables, its leaf run to
 * their left): every table of it stays in view, cut at the view's edge, rather than a view zoomed in
 * on the run alone. Pure: exported for tests.
 */
export function fitPathViewport(
  boxes: readonly Bounds[],
  width: number,
  height: number,
  padding = 16,
): Viewport | null {
  const path = unionOf(boxes);
  const last = boxes[boxes.length - 1];
  if (path === null || last === undefined || width <= 0 || height <= 0) return null;
  const whole = Math.min((width - 2 * padding) / path.width, (height - 2 * padding) / path.height);
  const k = whole >= READABLE_ZOOM ? Math.min(1.25, whole) : READABLE_ZOOM;
  const axis = (lo: number, span: number, endLo: number, endSpan: number, view: number): number => {
    const centred = view / 2 - (lo + span / 2) * k;
    if (span * k <= view - 2 * padding) return centred;
    // Too long even for the end of the path: its start (left, top) at the padding.
    if (endSpan * k > view - 2 * padding) return padding - endLo * k;
    const endAtStart = padding - endLo * k; // the end box at the view's start (left, top)
    const endAtEnd = view - padding - (endLo + endSpan) * k; // or at its end (right, bottom)
    return Math.max(endAtStart, Math.min(endAtEnd, centred));
  };
  return {
    x: axis(path.x, path.width, last.x, last.width, width),
    y: axis(path.y, path.height, last.y, last.height, height),
    k,
  };
}

/** The transform that shows `bounds` in a `width`×`height` viewport (pure: exported for tests). */
export function fitViewport(
  bounds: Bounds,
  width: number,
  height: number,
  options: FitOptions = {},
): Viewport {
  const padding = options.padding ?? 24;
  const minZoom = options.minZoom ?? 0.02;
  const maxZoom = options.maxZoom ?? 1.25;
  if (bounds.width <= 0 || bounds.height <= 0 || width <= 0 || height <= 0)
    return { x: padding, y: padding, k: 1 };
  const fit = Math.min((width - 2 * padding) / bounds.width, (height - 2 * padding) / bounds.height);
  const k = Math.max(minZoom, Math.min(maxZoom, fit));
  if (k > fit && fit < maxZoom) {
    return {
      x: padding - bounds.x * k,
      y: height / 2 - (options.focusY ?? bounds.y + bounds.height / 2) * k,
      k,
    };
  }
  return {
    x: width / 2 - (bounds.x + bounds.width / 2) * k,
    y: height / 2 - (bounds.y + bounds.height / 2) * k,
    k,
  };
}

/**
 * The viewport moved (zoom kept) just enough that `box` (content coordinates) lies inside a
 * `width`×`height` view with `margin` pixels to spare, or null when it is in view already. A box
 * larger than the view is aligned to its top-left corner. Pure: exported for tests.
 */
export function panIntoView(
  viewport: Viewport,
  box: Bounds,
  width: number,
  height: number,
  margin = 24,
): Viewport | null {
  const { x, y, k } = viewport;
  // How far to move one axis so that the screen span lo…hi fits inside 0…view.
  const shift = (lo: number, hi: number, view: number): number => {
    if (hi - lo > view - 2 * margin || lo < margin) return margin - lo;
    if (hi > view - margin) return view - margin - hi;
    return 0;
  };
  const dx = shift(box.x * k + x, (box.x + box.width) * k + x, width);
  const dy = shift(box.y * k + y, (box.y + box.height) * k + y, height);
  if (width <= 0 || height <= 0 || (dx === 0 && dy === 0)) return null;
  return { x: viewport.x + dx, y: viewport.y + dy, k };
}

/** Screen pixels of the drawing a pan or zoom leaves in view, at least (all of it when smaller). */
export const KEPT_IN_VIEW = 64;

/**
 * The viewport moved (zoom kept) just enough that `content` (content coordinates) still shows
 * `keep` pixels inside a `width`×`height` view along each axis, or all of it where it is smaller:
 * a pan or a zoom cannot push the drawing out of view and leave an empty box. Pure: exported for tests.
 */
export function keepContentInView(
  viewport: Viewport,
  content: Bounds,
  width: number,
  height: number,
  keep = KEPT_IN_VIEW,
): Viewport {
  const { k } = viewport;
  const axis = (pos: number, lo: number, span: number, view: number): number => {
    const start = lo * k + pos;
    const end = (lo + span) * k + pos;
    const need = Math.min(keep, end - start, view);
    if (end < need) return pos + (need - end);
    if (start > view - need) return pos - (start - (view - need));
    return pos;
  };
  return {
    x: axis(viewport.x, content.x, content.width, width),
    y: axis(viewport.y, content.y, content.height, height),
    k,
  };
}

/**
 * The viewport after the view was resized from `from` to `to` (width, height), moved (zoom kept) so
 * that what was at the view's centre is at its centre still. Pure: exported for tests.
 */
export function keepCentre(
  viewport: Viewport,
  from: readonly [number, number],
  to: readonly [number, number],
): Viewport {
  return {
    x: viewport.x + (to[0] - from[0]) / 2,
    y: viewport.y + (to[1] - from[1]) / 2,
    k: viewport.k,
  };
}

export function createPanZoom(viewport: Element, options: PanZoomOptions): PanZoomInstance {
  const minZoom = options.minZoom ?? 0.02;
  const maxZoom = options.maxZoom ?? 4;
  const selection = select(viewport);
  // The viewport's size, kept by a ResizeObserver: reading it from the layout right after a render
  // (a step of the walk stepper pans the view) would force a second layout of the whole page.
  let known: [number, number] | null = null;
  const observer =
    typeof ResizeObserver === "undefined"
      ? null
      : new ResizeObserver((entries) => {
          const box = entries[entries.length - 1]?.contentRect;
          if (!box) return;
          const was = known;
          known = [box.width, box.height];
          // A resize (the window, a tablet turned, full screen, the Graph height bar) keeps what
          // was at the view's centre there; anchored at its top-left corner, the drawing moved off
          // centre, or out of view. Not from or to nothing (a collapsed panel, the first size).
          const moved =
            was !== null && (Math.abs(was[0] - known[0]) >= 0.5 || Math.abs(was[1] - known[1]) >= 0.5);
          if (moved && Math.min(was[0], was[1], known[0], known[1]) > 0) {
            const t = zoomTransform(viewport);
            const v = keepCentre({ x: t.x, y: t.y, k: t.k }, was, known);
            selection.call((sel) => behavior.transform(sel, zoomIdentity.translate(v.x, v.y).scale(v.k)));
          }
        });
  observer?.observe(viewport);
  const size = (): [number, number] => {
    if (known !== null && known[0] > 0) return known;
    return measured();
  };
  // A fit (Fit, Show walk, Find VA, a new address space) is asked for once, often right after the
  // layout changed the viewport's size (presentation mode, full screen) and before the observer
  // has said so: it reads the size from the layout.
  const measured = (): [number, number] => {
    const rect = viewport.getBoundingClientRect();
    known = [rect.width || viewport.clientWidth, rect.height || viewport.clientHeight];
    return known;
  };
  const behavior: ZoomBehavior<Element, unknown> = zoom<Element, unknown>()
    .scaleExtent([minZoom, maxZoom])
    // d3's own rule (no secondary button, Ctrl only for a wheel's pinch), and a first finger left
    // to the page unless one finger pans: a second finger (event.touches counts both) starts the gesture.
    .filter((event: Event) => {
      if (event.type === "touchstart")
        return (event as TouchEvent).touches.length >= 2 || (options.oneFingerPans?.() ?? true);
      const e = event as MouseEvent;
      return (!e.ctrlKey || e.type === "wheel") && !e.button;
    })
    // d3's default reads the viewport's size from the layout on every transform (a forced layout).
    .extent(() => {
      const [w, h] = size();
      return [
        [0, 0],
        [w, h],
      ];
    })
    // A gesture (drag, wheel, fingers, the + and − buttons) keeps some of the drawing in view; fits
    // and pans set by the views are not constrained (they show what they are asked to).
    .constrain((transform, extent) => {
      const content = options.contentBounds?.() ?? null;
      if (content === null) return transform;
      const [[x0, y0], [x1, y1]] = extent;
      const v = keepContentInView(transform, content, x1 - x0, y1 - y0);
      return v.x === transform.x && v.y === transform.y
        ? transform
        : zoomIdentity.translate(v.x, v.y).scale(v.k);
    })
    .on("zoom", (event: D3ZoomEvent<Element, unknown>) => {
      const { x, y, k } = event.transform;
      options.onTransform({ x, y, k });
    })
    .on("end", (event: D3ZoomEvent<Element, unknown>) => {
      const { x, y, k } = event.transform;
      const [w, h] = size();
      options.onTransformEnd?.({ x, y, k }, w, h);
    });
  selection.call(behavior);
  // A double click belongs to the nodes (select), not to zooming.
  selection.on("dblclick.zoom", null);

  return {
    getViewport() {
      const t = zoomTransform(viewport);
      return { x: t.x, y: t.y, k: t.k };
    },
    setViewport(v) {
      selection.call((sel) => behavior.transform(sel, zoomIdentity.translate(v.x, v.y).scale(v.k)));
    },
    zoomBy(factor) {
      const [w, h] = size();
      selection.call((sel) => behavior.scaleBy(sel, factor, [w / 2, h / 2]));
    },
    fitBounds(bounds, fitOptions = {}) {
      const [w, h] = measured();
      const v = fitViewport(bounds, w, h, {
        ...fitOptions,
        minZoom: Math.max(minZoom, fitOptions.minZoom ?? minZoom),
        maxZoom: Math.min(maxZoom, fitOptions.maxZoom ?? 1.25),
      });
      selection.call((sel) => behavior.transform(sel, zoomIdentity.translate(v.x, v.y).scale(v.k)));
      return v;
    },
    fitPath(boxes) {
      const [w, h] = measured();
      const v = fitPathViewport(boxes, w, h);
      if (v) selection.call((sel) => behavior.transform(sel, zoomIdentity.translate(v.x, v.y).scale(v.k)));
    },
    panIntoView(box) {
      const [w, h] = size();
      const t = zoomTransform(viewport);
      const v = panIntoView({ x: t.x, y: t.y, k: t.k }, box, w, h);
      if (v) selection.call((sel) => behavior.transform(sel, zoomIdentity.translate(v.x, v.y).scale(v.k)));
    },
    destroy() {
      observer?.disconnect();
      selection.on(".zoom", null);
    },
  };
}
