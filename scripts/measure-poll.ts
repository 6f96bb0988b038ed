/**
 * `npm run measure:poll -- [--prs 1000] [--long-idle no]`: what the GitHub poll costs with N open pull requests
 * (first pass, idle minute, ten idle minutes unless `--long-idle no`, one changed PR, one closed-PR webhook),
 * counted on a simulated clock. Prints one JSON
 * object; `npm run bench` runs the same measurement as its `poll` section (scripts/bench/poll.ts).
 */
import { parseArgs } from "node:util";
import { measurePollCost } from "./bench/poll";

const { values } = parseArgs({ options: { prs: { type: "string", default: "1000" }, "long-idle": { type: "string", default: "yes" } } });
const prs = Number(values.prs);

if (!Number.isInteger(prs) || prs < 2) {
  console.error("--prs takes a whole number of pull requests, 2 or more.");
  process.exit(2);
}

measurePollCost(prs, { longIdle: values["long-idle"] !== "no", log: (line) => process.stderr.write(`[poll] ${line}\n`) }).then(
  (r) => {
    console.log(JSON.stringify(r));
    process.exit(0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
