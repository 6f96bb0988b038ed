/**
 * Roles and what each may do. Pure (no server imports) so navigation and server guards share one table.
 */
export type Role = "requester" | "approver" | "manager" | "admin";

export const ROLE_LABELS: Record<Role, string> = {
  requester: "Requester",
  approver: "Approver",
  manager: "Manager",
  admin: "Admin",
};

export type Capability =
  | "request:create"
  | "requests:view"
  | "queue:view"
  | "queue:decide"
  | "inventory:view"
  | "dashboard:view"
  | "settings:manage";

const CAPABILITIES: Record<Role, readonly Capability[]> = {
  requester: ["request:create", "requests:view", "inventory:view"],
  approver: ["queue:view", "queue:decide", "requests:view", "inventory:view", "dashboard:view"],
  manager: ["inventory:view", "dashboard:view", "requests:view"],
  admin: ["request:create", "requests:view", "queue:view", "queue:decide", "inventory:view", "dashboard:view", "settings:manage"],
};

/** True when the role grants the capability. */
export function hasCapability(role: Role, capability: Capability): boolean {
  return CAPABILITIES[role].includes(capability);
}

export interface NavItem {
  href: string;
  label: string;
  capability: Capability;
}

/** The app's navigation, in order; each entry shows only to roles with its capability. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/requests/new", label: "Request a model", capability: "request:create" },
  { href: "/requests", label: "My requests", capability: "requests:view" },
  { href: "/queue", label: "Approval queue", capability: "queue:view" },
  { href: "/inventory", label: "Inventory", capability: "inventory:view" },
  { href: "/dashboards/quota", label: "Quota dashboard", capability: "dashboard:view" },
  { href: "/dashboards/delivery", label: "Delivery dashboard", capability: "dashboard:view" },
];

/** Navigation entries for a role. Who never submits requests reads them all: "Requests", not "My requests". */
export function listNavItems(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => hasCapability(role, item.capability)).map((item) =>
    item.href === "/requests" && !hasCapability(role, "request:create") ? { ...item, label: "Requests" } : item,
  );
}

/** Any origin will do: the check is whether a path stays on the origin it is resolved against. */
const PROBE_ORIGIN = "https://modelgate.invalid";

/**
 * A path on this portal to return to after sign-in, or "/" for anything else. The value is parsed the way
 * a browser will parse it (WHATWG URL: tabs and newlines dropped, backslashes read as slashes, dot segments
 * resolved), so `/%09/evil.example` or `/\\evil.example` can't become a redirect to another site.
 */
export function safeNextPath(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length > 2048) return "/";
  let url: URL;
  try {
    url = new URL(next, PROBE_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== PROBE_ORIGIN) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
