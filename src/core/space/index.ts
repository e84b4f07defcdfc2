/**
 * The seed's `AddressSpace`: map / unmap / protect 4 KiB, 2 MiB and 1 GiB pages over RAM, with
 * rollback on failure; unmap keeps empty tables that another root or entry still reaches.
 */
export {
  AddressSpace,
  type CollapseOutcome,
  type MapRequest,
  type RegionUnmapOutcome,
  type UnmapOutcome,
} from "./address-space";
export { MAP_OK } from "./address-space-words";
export type { KeptTable } from "./kept-tables";
export { KnownRoots, rootName, type TableRoot } from "./known-roots";
