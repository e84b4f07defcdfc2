import { useMemo, useRef, useState } from "react";
import { line, scaleLinear, scaleLog } from "d3";
import { REACH_MAX_PAGES, type ReachPoint } from "../../core/tlb";
import { usePagewalk } from "../../store/usePagewalk";
import { useTlbReach } from "./useTlbReach";
import { useFromWidth } from "../layout/useFromWidth";

/**
 * The plot is drawn at its width on screen (so its 11 px text stays 11 px, and doubles with the
 * page's text size: a phone's panel at 200 % is 150 px of its text), within these.
 */
const MIN_WIDTH = 150;
const MAX_WIDTH = 640;
const plotWidth = (width: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, width)));
const HEIGHT = 240;
/** The N axis's name ("pages touched (N, log scale)") needs about 150 px beside the y axis's labels. */
const SHORT_AXIS_NAME_BELOW = 260;
const MARGIN = { top: 12, right: 16, bottom: 36, left: 48 };

/**
 * The N axis's ticks for a plot area this wide: each label ("1024") is about 26 px, so they keep
 * about 30 px apart: below 400 px (30 px a doubling) "4096" and "8192" would touch, and the last
 * but one goes; below 190 px (two doublings under 30 px) the ends and 64 between them.
 */
const xTicksFor = (area: number): number[] =>
  area < 190
    ? [1, 64, 8192]
    : area < 400
      ? [1, 4, 16, 64, 256, 1024, 8192]
      : [1, 4, 16, 64, 256, 1024, 4096, 8192];

const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The N values the "Read at" slider stops on: eight a doubling, so its steps are even on the plot's
 * log scale (1, 2, 3 … 8,192; about a hundred stops rather than 8,192 one page apart).
 */
const READ_STOPS: readonly number[] = [
  ...new Set(Array.from({ length: Math.log2(REACH_MAX_PAGES) * 8 + 1 }, (_, k) => Math.round(2 ** (k / 8)))),
];

/** The stop nearest N on the log scale. */
function nearestStop(n: number): number {
  let best = 0;
  for (let i = 1; i < READ_STOPS.length; i++)
    if (Math.abs(Math.log(READ_STOPS[i]! / n)) < Math.abs(Math.log(READ_STOPS[best]! / n))) best = i;
  return best;
}

const readout = (p: ReachPoint) =>
  `N = ${p.pages}: 4 KiB pages ${percent(p.hitRate4k)} hits, 2 MiB pages ${percent(p.hitRate2m)} hits`;

/**
 * The "TLB reach" plot (OSTEP's TLB measurement, simulated): the share of accesses that hit the
 * data TLB when a program touches N pages with stride S, R times, for N = 1 … 8,192, with 4 KiB
 * pages and with 2 MiB pages. A worker computes the points; d3 gives the scales and paths; React
 * draws them.
 */
export function ReachPlot() {
  const config = usePagewalk((s) => s.tlbUi.system.cpu.config);
  const [stride, setStride] = useState(1);
  const [repeats, setRepeats] = useState(10);
  // The N read out: where the pointer is over the plot, or where the "Read at" slider was moved
  // (the keyboard's and a screen reader's way to the same numbers).
  const [readAt, setReadAt] = useState<number | null>(null);
  const request = useMemo(
    () => ({
      dtlb4k: config.dtlb4k,
      dtlbLarge: config.dtlbLarge,
      stride,
      repeats,
      maxPages: REACH_MAX_PAGES,
    }),
    [config, stride, repeats],
  );
  const { points, error } = useTlbReach(request);
  const figure = useRef<HTMLDivElement>(null);
  const width = useFromWidth(figure, plotWidth, 560);
  const geometry = useMemo(() => {
    const x = scaleLog()
      .domain([1, REACH_MAX_PAGES])
      .range([MARGIN.left, width - MARGIN.right]);
    const y = scaleLinear()
      .domain([0, 1])
      .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    const path4k = points
      ? (line<ReachPoint>()
          .x((p) => x(p.pages))
          .y((p) => y(p.hitRate4k))(points as ReachPoint[]) ?? "")
      : "";
    const path2m = points
      ? (line<ReachPoint>()
          .x((p) => x(p.pages))
          .y((p) => y(p.hitRate2m))(points as ReachPoint[]) ?? "")
      : "";
    return {
      x,
      y,
      path4k,
      path2m,
      xTicks: xTicksFor(width - MARGIN.left - MARGIN.right),
      yTicks: [0, 0.25, 0.5, 0.75, 1],
    };
  }, [points, width]);
  const { x, y } = geometry;
  const shortAxisName = width < SHORT_AXIS_NAME_BELOW;
  const shown = points && readAt !== null ? (points[readAt - 1] ?? null) : null;
  const stop = nearestStop(readAt ?? 1);
  const onPoint = (event: React.PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * (width - MARGIN.left - MARGIN.right) + MARGIN.left;
    setReadAt(Math.min(REACH_MAX_PAGES, Math.max(1, Math.round(x.invert(px)))));
  };
  return (
    <section className="panel reach-panel" aria-labelledby="reach-h">
      <div className="panel-head">
        <h2 id="reach-h">TLB reach</h2>
        <span className="muted">share of accesses that hit the data TLB</span>
      </div>
      <div className="reach-controls">
        <label>
          Stride (pages){" "}
          <input
            type="number"
            min={1}
            max={4096}
            value={stride}
            onChange={(e) => setStride(clampInput(e.target.value, 1, 4096, stride))}
          />
        </label>
        <label>
          Repeats{" "}
          <input
            type="number"
            min={1}
            max={1000}
            value={repeats}
            onChange={(e) => setRepeats(clampInput(e.target.value, 1, 1000, repeats))}
          />
        </label>
        <label className="reach-read-at">
          Read at N{" "}
          <input
            type="range"
            min={0}
            max={READ_STOPS.length - 1}
            value={stop}
            aria-valuetext={`N = ${READ_STOPS[stop]}`}
            onChange={(e) => setReadAt(READ_STOPS[Number(e.target.value)] ?? 1)}
          />
        </label>
      </div>
      {error ? <p role="alert">{error}</p> : null}
      <div className="reach-figure" ref={figure}>
        <svg
          className="reach-plot"
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-label="TLB reach"
          aria-busy={points === null}
        >
          {geometry.yTicks.map((t) => (
            <g key={t} className="reach-grid">
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
              <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                {t * 100} %
              </text>
            </g>
          ))}
          {geometry.xTicks.map((t) => (
            <text key={t} className="reach-tick" x={x(t)} y={HEIGHT - MARGIN.bottom + 16} textAnchor="middle">
              {t}
            </text>
          ))}
          {/* A narrower plot says it in about 100 px, centred on the whole width. */}
          <text
            className="reach-axis"
            x={shortAxisName ? width / 2 : (width + MARGIN.left) / 2}
            y={HEIGHT - 4}
            textAnchor="middle"
          >
            {shortAxisName ? "N pages, log scale" : "pages touched (N, log scale)"}
          </text>
          <path className="reach-line reach-4k" d={geometry.path4k} data-testid="reach-4k" />
          <path className="reach-line reach-2m" d={geometry.path2m} data-testid="reach-2m" />
          {shown ? (
            <g className="reach-cursor">
              <line x1={x(shown.pages)} x2={x(shown.pages)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} />
              <circle className="reach-4k-dot" cx={x(shown.pages)} cy={y(shown.hitRate4k)} r={3.5} />
              <circle className="reach-2m-dot" cx={x(shown.pages)} cy={y(shown.hitRate2m)} r={3.5} />
            </g>
          ) : null}
          <rect
            className="reach-hover"
            x={MARGIN.left}
            y={MARGIN.top}
            width={width - MARGIN.left - MARGIN.right}
            height={HEIGHT - MARGIN.top - MARGIN.bottom}
            onPointerMove={onPoint}
            onPointerDown={onPoint}
          />
        </svg>
      </div>
      <p className="reach-legend">
        <span className="reach-key reach-4k-key">— 4 KiB pages</span>{" "}
        <span className="reach-key reach-2m-key">╌╌ 2 MiB pages</span>
      </p>
      <p role="status" className="mono reach-readout">
        {points === null
          ? "Computing…"
          : shown
            ? readout(shown)
            : `Point at the plot, or move "Read at N", for the numbers. With 4 KiB pages ${points.filter((p) => p.hitRate4k > 0).length} of ${points.length} sizes get any hits.`}
      </p>
    </section>
  );
}

function clampInput(text: string, min: number, max: number, fallback: number): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}
