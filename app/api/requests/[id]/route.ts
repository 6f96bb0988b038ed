import { NextResponse } from "next/server";
import { getCurrentUser } from "@/lib/auth";
import { getRequestMarker } from "@/lib/read-models";
import { isRequestId } from "@/lib/requests";
import { getServerContext } from "@/lib/server";

/** A request's change marker (status, version, last event) for the request page's live updates. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const { id } = await params;
  if (!isRequestId(id)) return NextResponse.json({ error: "No such request." }, { status: 404 });
  const marker = await getRequestMarker(await getServerContext(), user, id);
  if (!marker) return NextResponse.json({ error: "No such request." }, { status: 404 });
  if (marker === "forbidden") return NextResponse.json({ error: "Not yours to see." }, { status: 403 });
  return NextResponse.json(marker, { headers: { "Cache-Control": "no-store" } });
}
