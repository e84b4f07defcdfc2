/**
 * A machine as one immutable value (RAM, allocator, registers, the A/D setting) and the draft that
 * forks it for one change: the unit that undo/redo and scenarios keep.
 */
export { MachineDraft, adoptMachine, type Machine } from "./machine";
export {
  checkMapping,
  describeChange,
  grantUpperRights,
  intendedAccesses,
  mapOn,
  type MapCheck,
  type MapHazard,
  type UpperDenial,
  type UpperRightsChange,
} from "./map-check";
export { suggestDataFrame, type FrameSuggestInput } from "./frame-suggest";
