/**
 * `tsx scripts/bench/explain.ts --database-url postgresql://… | --data-dir <demo data folder>`: the benchmark's
 * EXPLAIN rows (explain-plans.ts) as one JSON line, read by scripts/bench/pages.ts.
 *
 * Runs without the react-server condition (the read models' imports reach next/navigation, which needs the client
 * React), so the "server-only" guard is answered with an empty module first: this is a server process.
 */
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { runBenchScript } from "./entry";

const require_ = createRequire(__filename);
const guard = require_.resolve("server-only");
require_.cache[guard] = { id: guard, filename: guard, loaded: true, exports: {} } as NodeJS.Module;

async function main() {
  const { values } = parseArgs({ options: { "database-url": { type: "string" }, "data-dir": { type: "string" } } });
  const url = values["database-url"];
  const dataDir = values["data-dir"];
  if (!url && !dataDir) throw new Error("give --database-url or --data-dir");
  const { explainListQueries } = await import("./explain-plans");
  console.log(JSON.stringify(await explainListQueries(url ? { url } : { dataDir: dataDir! })));
}

runBenchScript(main);
