/**
 * A bench section's entry: runs `main` and exits 0, or prints the error with its stack (a section's failure is
 * read by whoever runs the benchmark) and exits 1. The exit also ends handles a section leaves open.
 */
export function runBenchScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
