/**
 * `npm run seed:scale`: a history at scale for measurements — requests of every status with their
 * timelines, and an inventory of N deployments — written straight into a ModelGate database.
 *
 *   npm run seed:scale -- [--requests 10000] [--deployments 500] [--database-url postgresql://…] [--data-dir .data]
 *
 * PostgreSQL: give --database-url (or DATABASE_URL); the portal may be running. PGlite: give the portal's
 * data folder and stop the portal first (the embedded database serves one process at a time). The inventory
 * is replaced; the reconciler rewrites it on its next pass unless the emulators hold the same deployments.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { openDatabase } from "../lib/db/client";
import { seedDemoData } from "../lib/db/seed";
import { seedInventory, seedRequestHistory } from "../test/seed-scale";

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: "string", default: "10000" },
      deployments: { type: "string", default: "500" },
      "database-url": { type: "string" },
      "data-dir": { type: "string" },
    },
  });
  const requests = Number(values.requests);
  const deployments = Number(values.deployments);
  if (!Number.isInteger(requests) || requests < 0 || !Number.isInteger(deployments) || deployments < 0) {
    console.error("--requests and --deployments take whole numbers (0 or more).");
    process.exit(2);
  }
  const url = values["database-url"] ?? process.env.DATABASE_URL;
  const db = url
    ? await openDatabase({ kind: "postgres", url })
    : await openDatabase({ kind: "pglite", dir: path.join(path.resolve(values["data-dir"] ?? process.env.MODELGATE_DATA_DIR ?? ".data"), "pglite") });
  try {
    await seedDemoData(db.prisma);
    if (requests > 0) {
      const r = await seedRequestHistory(db.sql, { requests });
      console.log(`requests: +${r.requests} with ${r.events} timeline entries (${r.ms} ms)`);
    }
    if (deployments > 0) {
      const i = await seedInventory(db.sql, { deployments });
      console.log(`inventory: ${i.rows} deployments (${i.ms} ms)`);
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
