import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth";
import { prisma } from "@/lib/db";
import { mayViewRequest } from "@/lib/requests/get-request";

/** A request's change marker (status, version, last event) for the request page's live updates. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return NextResponse.json({ error: "No such request." }, { status: 404 });
  const db = await prisma();
  const r = await db.request.findUnique({ where: { id }, select: { requesterId: true, teamId: true, status: true, version: true, updatedAt: true, _count: { select: { events: true } } } });
  if (!r) return NextResponse.json({ error: "No such request." }, { status: 404 });
  if (!mayViewRequest(user, r)) return NextResponse.json({ error: "Not yours to see." }, { status: 403 });
  return NextResponse.json(
    { status: r.status, version: r.version, updatedAt: r.updatedAt.toISOString(), events: r._count.events },
    { headers: { "Cache-Control": "no-store" } },
  );
}
