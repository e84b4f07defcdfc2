/**
 * Computes the "TLB reach" plot's points off the main thread (core/tlb `tlbReach`): one message
 * in (the request), one message out (the points, or the error's words).
 */
import { tlbReach, type ReachPoint, type ReachRequest } from "../core/tlb";

export type ReachReply =
  | { readonly id: number; readonly points: readonly ReachPoint[] }
  | { readonly id: number; readonly error: string };

self.onmessage = (event: MessageEvent<{ id: number; request: ReachRequest }>) => {
  const { id, request } = event.data;
  try {
    self.postMessage({ id, points: tlbReach(request) } satisfies ReachReply);
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) } satisfies ReachReply);
  }
};
