import { useEffect, useState } from "react";
import type { ReachPoint, ReachRequest } from "../../core/tlb";
import type { ReachReply } from "../../workers/tlbReach.worker";

/** The reach plot's points for a request, computed in a worker; null while they are on the way. */
export function useTlbReach(request: ReachRequest): {
  points: readonly ReachPoint[] | null;
  error: string | null;
} {
  const [result, setResult] = useState<{
    key: string;
    points: readonly ReachPoint[] | null;
    error: string | null;
  }>({
    key: "",
    points: null,
    error: null,
  });
  const key = JSON.stringify(request);
  useEffect(() => {
    const worker = new Worker(new URL("../../workers/tlbReach.worker.ts", import.meta.url), {
      type: "module",
    });
    worker.onmessage = (event: MessageEvent<ReachReply>) => {
      const reply = event.data;
      setResult(
        "points" in reply
          ? { key, points: reply.points, error: null }
          : { key, points: null, error: reply.error },
      );
      worker.terminate();
    };
    worker.postMessage({ id: 1, request: JSON.parse(key) as ReachRequest });
    return () => worker.terminate();
  }, [key]);
  return result.key === key ? result : { points: null, error: null };
}
