"use client";

/** Last-resort error page (the root layout itself failed). Shows no stack trace. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", padding: "3rem", maxWidth: 640, margin: "0 auto" }}>
        <main>
          <h1>ModelGate could not load</h1>
          <p>Something went wrong on the server. Try again; if it keeps happening, give your platform team this reference: {error.digest ?? "n/a"}.</p>
          <button onClick={reset}>Try again</button>
        </main>
      </body>
    </html>
  );
}
