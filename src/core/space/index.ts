/**
 * The seed's `AddressSpace`: map / unmap / protect 4 KiB, 2 MiB and 1 GiB pages over RAM, with
 * rollback on failure.
 */
export { AddressSpace, type MapRequest } from "./address-space";
export { MAP_OK } from "./address-space-words";
