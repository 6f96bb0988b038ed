import { NotFoundContent } from "@/components/ui/not-found-content";

export const metadata = { title: "Not found" };

/** An address no route matches: outside the signed-in frame, so this page brings its own <main>. */
export default function NotFound() {
  return (
    <main id="main">
      <NotFoundContent />
    </main>
  );
}
