"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";

/**
 * A horizontally scrollable box that, while its content overflows, is a named region keyboard users can
 * focus and scroll with the arrow keys. It is not a tab stop when nothing overflows.
 */
export function ScrollRegion({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    // The observer reports once on observe(), then on every resize of the box or its content.
    const observer = new ResizeObserver(() => setOverflows(box.scrollWidth > box.clientWidth + 1));
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div
      ref={ref}
      data-scroll-region=""
      className={`overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ${className ?? ""}`}
      {...(overflows ? { role: "region", "aria-label": label, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
