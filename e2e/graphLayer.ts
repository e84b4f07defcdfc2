import { expect, type Locator } from "@playwright/test";

/**
 * The layer the graph is drawn in: the one element pan and zoom move, by a CSS transform
 * (`translate(Xpx, Ypx) scale(K)`), inside the graph's viewport (the group named "Page-table graph").
 */
export const graphLayerOf = (graph: Locator): Locator => graph.locator("svg.pw-graph-layer");

/** The layer's transform as its style says it ("" before the first pan or zoom). */
export const transformOf = (layer: Locator): Promise<string> =>
  layer.evaluate((e) => (e as SVGSVGElement).style.transform);

/** The layer's zoom scale (1 when it has no transform yet). */
export async function scaleOf(layer: Locator): Promise<number> {
  const match = /scale\(([-\d.e]+)\)/.exec(await transformOf(layer));
  return match ? Number(match[1]) : 1;
}

/** The layer's pan in pixels ([0, 0] when it has no transform yet). */
export async function translateOf(layer: Locator): Promise<[number, number]> {
  const match = /translate\(([-\d.e]+)px,\s*([-\d.e]+)px\)/.exec(await transformOf(layer));
  return match ? [Number(match[1]), Number(match[2])] : [0, 0];
}

/** A box (`what`, on screen) wholly inside the graph's drawing, its viewport's box `view`, to a pixel. */
export function expectInsideView(
  box: { x: number; y: number; width: number; height: number },
  view: { x: number; y: number; width: number; height: number },
  what: string,
): void {
  expect(
    box.x >= view.x - 1 &&
      box.y >= view.y - 1 &&
      box.x + box.width <= view.x + view.width + 1 &&
      box.y + box.height <= view.y + view.height + 1,
    `${what} at ${JSON.stringify(box)} inside the graph at ${JSON.stringify(view)}`,
  ).toBe(true);
}

/** The walk's highlighted tables, each wholly inside the graph's drawing (`graph`, its viewport). */
export async function expectPathInView(graph: Locator): Promise<void> {
  const view = await graph.boundingBox();
  if (!view) throw new Error("graph has no box");
  const onPath = graph.locator('.pw-node[data-on-path="true"]');
  expect(await onPath.count()).toBeGreaterThan(0);
  const nodes = await onPath.all();
  for (const node of nodes) {
    const b = await node.boundingBox();
    const name = await node.getAttribute("aria-label");
    expect(b, `${name} has a box`).not.toBeNull();
    if (b) expectInsideView(b, view, name ?? "a table");
  }
}

/**
 * Where the walk's highlighted tables sit from the graph's centre: their middle's offset, across and
 * down (px on screen).
 */
export async function pathOffsetFromCentre(graph: Locator): Promise<[number, number]> {
  const view = await graph.boundingBox();
  if (!view) throw new Error("graph has no box");
  const boxes = await graph.locator('.pw-node[data-on-path="true"]').evaluateAll((nodes) =>
    nodes.map((n) => {
      const b = n.getBoundingClientRect();
      return { left: b.left, right: b.right, top: b.top, bottom: b.bottom };
    }),
  );
  const across = (Math.min(...boxes.map((b) => b.left)) + Math.max(...boxes.map((b) => b.right))) / 2;
  const down = (Math.min(...boxes.map((b) => b.top)) + Math.max(...boxes.map((b) => b.bottom))) / 2;
  return [across - (view.x + view.width / 2), down - (view.y + view.height / 2)];
}
