/** The page-table graph panel. The d3 graph (graph/PageTableGraph.tsx) is wired in here when it lands. */
export function GraphPanel() {
  return (
    <section className="panel graph-panel" aria-labelledby="graph-h">
      <h2 id="graph-h">Page-table graph</h2>
      <div className="placeholder">The graph of every table reachable from CR3 appears here.</div>
    </section>
  );
}
