import Link from "next/link";
import { buttonClass } from "./button";

/** What a missing page says: inside the signed-in frame (which has the page's <main>) and outside it alike. */
export function NotFoundContent() {
  return (
    <div className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-slate-600 dark:text-slate-400">404 — Not found</p>
      <h1 className="mt-2 text-2xl font-semibold">There is nothing at this address</h1>
      <Link href="/" className={buttonClass("secondary", "mt-6")}>
        Back to the start page
      </Link>
    </div>
  );
}
