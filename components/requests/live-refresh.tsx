"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

/** Polls the request's change marker every few seconds and re-renders the page when it changed (no reload). */
export function LiveRefresh({ requestId, marker, active }: { requestId: string; marker: string; active: boolean }) {
  const router = useRouter();
  const last = useRef(marker);
  useEffect(() => {
    last.current = marker;
  }, [marker]);
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    const tick = async () => {
      if (document.visibilityState === "hidden") return;
      try {
        const res = await fetch(`/api/requests/${requestId}`, { cache: "no-store" });
        if (!res.ok || stopped) return;
        const body = (await res.json()) as { version: number; updatedAt: string; events: number };
        const next = `${body.version}:${body.updatedAt}:${body.events}`;
        if (next !== last.current) {
          last.current = next;
          router.refresh();
        }
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    const timer = setInterval(tick, 3000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [requestId, active, router]);
  return null;
}
