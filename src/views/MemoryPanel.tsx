import { memo, useCallback, useState } from "react";
import type { PhysAddr } from "../core/arch";
import { formatCount, formatHex } from "../core/common";
import { selectTableGraph } from "../store/selectors";
import { actions, appStore, usePagewalk } from "../store/usePagewalk";
import { MapForm } from "./MapForm";
import { MemoryMap } from "./MemoryMap";
import { useFrameNames } from "./names/useNames";
import { FrameContext } from "./mappings/FrameContext";
import { PanelCollapseButton } from "./layout/PanelCollapseButton";

// The form has no props and its own store slice: a new selection or machine re-renders the panel, not it.
const StillMapForm = memo(MapForm);

/**
 * Physical memory: RAM by frame (tables by level, mapped data, allocator state) and the map/unmap form.
 * The panel's own parts subscribe to numbers: an edit renders only the map (which keeps its cells
 * when the edit changes no frame's use, as a flag toggle does).
 */
export function MemoryPanel() {
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
        <MemoryCounts />
        <PanelCollapseButton panel="Physical memory" />
      </div>
      <div className="memory-body">
        <MachineMemoryMap onSelectFrame={onSelectFrame} chosenFrame={frame} />
        <StillMapForm />
      </div>
    </section>
  );
}

/**
 * The RAM's size and the allocator's count, told apart from the map's "unused" frames (which include
 * frames outside the allocator's range): two different numbers must not both be called "free".
 */
function MemoryCounts() {
  const bytes = usePagewalk((s) => s.machine.ram.sizeBytes);
  const available = usePagewalk((s) => s.machine.alloc.available());
  return (
    <span
      className="muted small-text mono"
      title="Frames the frame allocator can still hand out for new tables (Map, Allocate)"
    >
      {formatHex(bytes)} bytes · {formatCount(available)} frame{available === 1 ? "" : "s"} left to allocate
    </span>
  );
}

/** The chosen frame's line under the map: what its cell is, and the question about its VAs. */
const renderChosen = (frame: PhysAddr, description: string) => (
  <FrameContext frame={frame} description={description} />
);

/** The map of the machine's RAM, with its tables, allocator, selected table and chosen frame. */

function MachineMemoryMap({
  onSelectFrame,
  chosenFrame,
}: {
  onSelectFrame: (addr: PhysAddr) => void;
  chosenFrame: PhysAddr | null;
}) {
  const ram = usePagewalk((s) => s.machine.ram);
  const alloc = usePagewalk((s) => s.machine.alloc);
  const graph = usePagewalk(selectTableGraph);
  const selected = usePagewalk((s) => s.selection.table?.addr ?? null);
  const frameNames = useFrameNames();
  return (
    <MemoryMap
      ram={ram}
      allocator={alloc}
      graph={graph}
      selectedFrame={selected}
      onSelectFrame={onSelectFrame}
      chosenFrame={chosenFrame}
      renderChosen={renderChosen}
      frameNames={frameNames}
    />
  );
}
