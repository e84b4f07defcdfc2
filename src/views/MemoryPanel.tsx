import { memo, useCallback, useState } from "react";
import type { PhysAddr } from "../core/arch";
import { formatHex } from "../core/common";
import { selectTableGraph } from "../store/selectors";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { MapForm } from "./MapForm";
import { MemoryMap } from "./MemoryMap";
import { useFrameNames } from "./names/useNames";
import { FrameContext } from "./mappings/FrameContext";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";

// The form has no props and its own store slice: a new selection or machine re-renders the panel, not it.
const StillMapForm = memo(MapForm);

/** Physical memory: RAM by frame (tables by level, mapped data, allocator state) and the map/unmap form. */
export function MemoryPanel() {
  const ram = usePagewalk((s) => s.machine.ram);
  const alloc = usePagewalk((s) => s.machine.alloc);
  const graph = usePagewalk(selectTableGraph);
  const selected = usePagewalk((s) => s.selection.table?.addr ?? null);
  const frameNames = useFrameNames();
  /** The frame last chosen in the map, whose VAs the reverse lookup can list. */
  const [frame, setFrame] = useState<PhysAddr | null>(null);
  const onSelectFrame = useCallback((addr: PhysAddr) => {
    setFrame(addr);
    // A frame that is a table opens in the table view; other frames have no entries to show.
    const node = selectTableGraph(appStore.getState()).nodeByAddr.get(addr);
    if (node) actions.selectTable({ addr, level: node.level });
  }, []);
  return (
    <section className="panel memory-panel" aria-labelledby="memory-h">
      <div className="panel-head">
        <h2 id="memory-h">Physical memory</h2>
        {/* The allocator's count, told apart from the map's "unused" frames (which include frames
            outside the allocator's range): two different numbers must not both be called "free". */}
        <span
          className="muted small-text mono"
          title="Frames the frame allocator can still hand out for new tables (Map, Allocate)"
        >
          {formatHex(ram.sizeBytes)} bytes · {alloc.available()} frames left to allocate
        </span>
        <PanelCollapseButton panel="Physical memory" />
      </div>
      <div className="memory-body">
        <MemoryMap
          ram={ram}
          allocator={alloc}
          graph={graph}
          selectedFrame={selected}
          onSelectFrame={onSelectFrame}
          frameNames={frameNames}
        />
        <FrameContext frame={frame} />
        <StillMapForm />
      </div>
    </section>
  );
}
