import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Not allowed" };

/** Rendered with HTTP 403 when a role guard refuses a page. */
export default function Forbidden() {
  return (
    <div className="mx-auto flex min-h-[60vh] max-w-xl flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-red-700 dark:text-red-400">403 — Not allowed</p>
      <h1 className="mt-2 text-2xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-400">
        Your role doesn&apos;t include it. If you need it, ask a ModelGate admin to change your role.
      </p>
      <Link href="/" className={buttonClass("secondary", "mt-6")}>
        Back to the start page
      </Link>
    </div>
  );
}
