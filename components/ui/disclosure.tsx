"use client";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";

/**
 * A button that shows and hides a panel (menus in the header). Closes on Escape, on a click outside, and
 * after a link inside is followed.
 */
export function Disclosure({
  label,
  buttonContent,
  buttonClassName,
  panelClassName,
  className = "relative",
  children,
}: {
  label: string;
  buttonContent: ReactNode;
  buttonClassName: string;
  panelClassName: string;
  className?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    const onClick = (e: MouseEvent) => root.current && !root.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);
  return (
    <div ref={root} className={className}>
      <button type="button" aria-expanded={open} aria-controls={id} aria-label={label} className={buttonClassName} onClick={() => setOpen((o) => !o)}>
        {buttonContent}
      </button>
      <div
        id={id}
        hidden={!open}
        className={panelClassName}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("a")) setOpen(false);
        }}
      >
        {children}
      </div>
    </div>
  );
}
