import { formatHex } from "../core/hex";
import { usePagewalk } from "../store/usePagewalk";
import { MapForm } from "./MapForm";

/** Physical memory: the frame map (MemoryMap.tsx, wired in when it lands) and the map/unmap form. */
export function MemoryPanel() {
  const size = usePagewalk((s) => s.machine.ram.sizeBytes);
  const available = usePagewalk((s) => s.machine.alloc.available());
  return (
    <section className="panel memory-panel" aria-labelledby="memory-h">
      <div className="panel-head">
        <h2 id="memory-h">Physical memory</h2>
        <span className="muted small-text mono">
          {formatHex(size)} bytes · {available} frames free
        </span>
      </div>
      <div className="memory-body">
        <div className="placeholder">The map of RAM by frame appears here.</div>
        <MapForm />
      </div>
    </section>
  );
}
