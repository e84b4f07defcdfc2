/**
 * The seed's `AddressSpace`: map / unmap / protect 4 KiB, 2 MiB and 1 GiB pages over RAM, with
 * rollback on failure.
 */
export { AddressSpace, MAP_OK, type MapRequest } from "./address-space";
