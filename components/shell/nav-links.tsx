"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface NavLink {
  href: string;
  label: string;
  count?: number;
}

function isActive(pathname: string, href: string, all: NavLink[]): boolean {
  if (pathname === href) return true;
  // The longest matching prefix wins, so /requests/new highlights "Request a model", not "My requests".
  const matches = all.filter((l) => pathname.startsWith(l.href + "/"));
  return matches.length > 0 && matches.sort((a, b) => b.href.length - a.href.length)[0].href === href && !all.some((l) => l.href === pathname);
}

/** The role's navigation; the current page is marked with aria-current. */
export function NavLinks({ links, orientation }: { links: NavLink[]; orientation: "row" | "column" }) {
  const pathname = usePathname();
  return (
    <ul className={orientation === "row" ? "flex items-center gap-1" : "flex flex-col gap-1"}>
      {links.map((link) => {
        const active = isActive(pathname, link.href, links);
        return (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active ? "page" : undefined}
              className={`flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium ${
                active
                  ? "bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-200"
                  : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
              }`}
            >
              {link.label}
              {link.count ? (
                <span className="rounded-full bg-indigo-600 px-2 py-0.5 text-xs font-semibold text-white dark:bg-indigo-400 dark:text-slate-950">
                  {link.count}
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
