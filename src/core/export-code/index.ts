/**
 * The tables reachable from CR3 as code a kernel can include: C arrays or NASM `dq` lines, with the
 * physical addresses they assume. Its own folder so that the browser loads it only when asked.
 */
export { exportTablesC, exportTablesNasm } from "./export-code";
