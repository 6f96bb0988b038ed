import { NotFoundContent } from "@/components/ui/not-found-content";

export const metadata = { title: "Not found" };

/** A missing request, deployment… inside the signed-in frame, whose layout already has the page's <main>. */
export default function NotFound() {
  return <NotFoundContent />;
}
