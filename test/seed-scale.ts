/**
 * A realistic history at scale, written straight in SQL (seconds for 50,000 requests on PGlite): requests of
 * every status across accounts and teams, each with its timeline. For tests that must see query plans on
 * a big table, and for the benchmark (`npm run seed:scale`). Expects the demo teams and personas
 * (seedDemoData) to exist.
 */
import type { SqlExecutor } from "@/lib/db/sql-executor";

export interface ScaleAccount {
  name: string;
  resourceGroup: string;
  location: string;
  paramFile: string;
}

/** Eight accounts in five regions, like a platform team's real estate. */
export const SCALE_ACCOUNTS: ScaleAccount[] = [
  { name: "contoso-openai-aue", resourceGroup: "contoso-openai-rg", location: "australiaeast" },
  { name: "contoso-openai-swc", resourceGroup: "contoso-openai-rg", location: "swedencentral" },
  { name: "contoso-openai-eus2", resourceGroup: "contoso-ai-eus2-rg", location: "eastus2" },
  { name: "contoso-openai-eus", resourceGroup: "contoso-ai-eus-rg", location: "eastus" },
  { name: "contoso-openai-wus3", resourceGroup: "contoso-ai-wus3-rg", location: "westus3" },
  { name: "contoso-openai-frc", resourceGroup: "contoso-ai-frc-rg", location: "francecentral" },
  { name: "contoso-openai-jpe", resourceGroup: "contoso-ai-jpe-rg", location: "japaneast" },
  { name: "contoso-openai-uks", resourceGroup: "contoso-ai-uks-rg", location: "uksouth" },
].map((a) => ({ ...a, paramFile: `manage-ai-models/${a.name}.bicepparam` }));

/** Share of requests per status, in percent; the rest succeeded. Pending ones are ~8 %, as on a busy platform. */
export const DEFAULT_STATUS_MIX: Record<string, number> = {
  awaiting_approval: 5,
  changes_requested: 1.5,
  approved: 0.5,
  merged: 0.2,
  deploying: 0.3,
  failed: 4,
  rejected: 7,
  cancelled: 8,
  superseded: 2,
};

const MODELS = [
  ["gpt-4o", "2024-11-20", "GlobalStandard"],
  ["gpt-4o-mini", "2024-07-18", "GlobalStandard"],
  ["gpt-4.1", "2025-04-14", "DataZoneStandard"],
  ["gpt-4.1-mini", "2025-04-14", "GlobalStandard"],
  ["o4-mini", "2025-04-16", "GlobalStandard"],
  ["text-embedding-3-large", "1", "Standard"],
  ["text-embedding-3-small", "1", "GlobalStandard"],
  ["gpt-35-turbo", "0125", "Standard"],
] as const;

export interface ScaleSeedOptions {
  /** How many requests to add. */
  requests: number;
  accounts?: ScaleAccount[];
  /** Distinct deployment names per account the history is spread over (default: 62, ~500 over 8 accounts; the
   * same names seedInventory gives, so deployment pages have their history). */
  deploymentsPerAccount?: number;
  /** The newest request's creation time; the others go back one request per `spacingMinutes`. */
  now?: Date;
  spacingMinutes?: number;
  statusMix?: Record<string, number>;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Adds `requests` requests with their timelines (3–5 events each) and refreshes the planner's statistics.
 * Requesters are the demo personas who may request (each in their own team).
 */
export async function seedRequestHistory(sql: SqlExecutor, options: ScaleSeedOptions): Promise<{ requests: number; events: number; ms: number }> {
  const started = performance.now();
  const accounts = options.accounts ?? SCALE_ACCOUNTS;
  const perAccount = options.deploymentsPerAccount ?? 62;
  const mix = options.statusMix ?? DEFAULT_STATUS_MIX;
  const now = (options.now ?? new Date()).toISOString();
  const spacing = options.spacingMinutes ?? 10;
  // Cumulative thresholds over 0..10000 so a request's status is a pure function of its index.
  let acc = 0;
  const cases = Object.entries(mix).map(([status, pct]) => {
    acc += Math.round(pct * 100);
    return `WHEN (g * 7919) % 10000 < ${acc} THEN ${lit(status)}`;
  });
  const accountValues = accounts.map((a, i) => `(${i}, ${lit(a.name)}, ${lit(a.resourceGroup)}, ${lit(a.location)}, ${lit(a.paramFile)})`).join(", ");
  const modelValues = MODELS.map((m, i) => `(${i}, ${lit(m[0])}, ${lit(m[1])}, ${lit(m[2])})`).join(", ");
  const before = (await sql.query<{ n: number; e: number; top: number }>(`SELECT (SELECT count(*)::int FROM requests) AS n, (SELECT count(*)::int FROM request_events) AS e, (SELECT coalesce(max(number), 0) FROM requests) AS top`)).rows[0];
  await sql.exec(`
    CREATE TEMP TABLE IF NOT EXISTS scale_people AS
      SELECT row_number() OVER (ORDER BY u.email) - 1 AS i, u.id AS user_id, u.name AS user_name, m.team_id
        FROM users u JOIN memberships m ON m.user_id = u.id WHERE u.role IN ('requester', 'admin');
    INSERT INTO requests (id, kind, status, requester_id, team_id, subscription_id, resource_group, account_name, location,
      param_file_path, deployment_name, model_format, model_name, model_version, sku_name, capacity, usage_name, quota_hold,
      change, justification, branch, pr_number, pr_url, head_sha, merge_commit_sha, version, created_at, updated_at,
      submitted_at, decided_at, completed_at)
    SELECT gen_random_uuid(), x.kind::"RequestKind", x.status::"RequestStatus", p.user_id, p.team_id,
      '6f1c2e3a-8b4d-4c5e-9f70-1a2b3c4d5e6f', a.rg, a.name, a.location, a.file,
      'dep-' || lpad(((g / ${accounts.length}) % ${perAccount})::text, 3, '0') || '-' || m.name, 'OpenAI', m.name, m.version, m.sku,
      10 + (g % 20) * 5,
      CASE WHEN x.kind = 'decommission' THEN '' ELSE 'OpenAI.' || m.sku || '.' || m.name END,
      CASE WHEN x.kind = 'decommission' THEN 0 WHEN x.kind = 'change' THEN 5 ELSE 10 + (g % 20) * 5 END,
      '{"op":"add"}'::jsonb, 'Seeded history for scale measurements.',
      'modelgate/req-' || g, CASE WHEN x.status = 'submitting' THEN NULL ELSE 100000 + g END,
      CASE WHEN x.status = 'submitting' THEN NULL ELSE 'https://github.example/pull/' || (100000 + g) END,
      md5('head' || g), CASE WHEN x.status IN ('merged', 'deploying', 'succeeded', 'failed') THEN md5('merge' || g) ELSE NULL END,
      3, x.created_at, x.created_at + interval '2 hours', x.created_at,
      CASE WHEN x.status IN ('awaiting_approval', 'submitting') THEN NULL ELSE x.created_at + interval '1 hour' END,
      CASE WHEN x.status IN ('succeeded', 'failed', 'rejected', 'cancelled', 'superseded') THEN x.created_at + interval '2 hours' ELSE NULL END
    FROM generate_series(1, ${options.requests}) g
    CROSS JOIN LATERAL (SELECT
      CASE ${cases.join(" ")} ELSE 'succeeded' END AS status,
      CASE WHEN g % 10 < 6 THEN 'create' WHEN g % 10 < 9 THEN 'change' ELSE 'decommission' END AS kind,
      ${lit(now)}::timestamptz - ((${options.requests} - g) * interval '${spacing} minutes') AS created_at) x
    JOIN scale_people p ON p.i = g % (SELECT count(*) FROM scale_people)
    JOIN (VALUES ${accountValues}) AS a(i, name, rg, location, file) ON a.i = g % ${accounts.length}
    JOIN (VALUES ${modelValues}) AS m(i, name, version, sku) ON m.i = ((g / ${accounts.length}) % ${perAccount}) % ${MODELS.length};
    INSERT INTO request_events (request_id, type, from_status, to_status, actor_name, message, created_at)
    SELECT r.id, e.type, e.from_status::"RequestStatus", e.to_status::"RequestStatus", 'Seed', e.type, r.created_at + e.step * interval '20 minutes'
      FROM requests r
      CROSS JOIN LATERAL (VALUES
        (0, 'submitted', NULL, 'submitting'),
        (1, 'pr_opened', 'submitting', 'awaiting_approval'),
        (2, 'decided', 'awaiting_approval', CASE WHEN r.status IN ('awaiting_approval', 'submitting') THEN NULL ELSE r.status::text END),
        (3, 'deploy_finished', NULL, CASE WHEN r.status IN ('succeeded', 'failed') THEN r.status::text ELSE NULL END),
        (4, 'deploy_detail', NULL, NULL)
      ) AS e(step, type, from_status, to_status)
     WHERE r.number > ${before.top}
       AND (e.step < 2 OR (e.step = 2 AND e.to_status IS NOT NULL) OR (e.step >= 3 AND r.status IN ('succeeded', 'failed')));
    ANALYZE requests;
    ANALYZE request_events;
  `);
  const after = await sql.query<{ n: number; e: number }>(`SELECT (SELECT count(*)::int FROM requests) AS n, (SELECT count(*)::int FROM request_events) AS e`);
  return { requests: after.rows[0].n - before.n, events: after.rows[0].e - before.e, ms: Math.round(performance.now() - started) };
}

const INVENTORY_STATUS_MIX = ["in_sync", "in_sync", "in_sync", "in_sync", "in_sync", "in_sync", "in_sync", "drift", "unmanaged", "missing", "in_sync", "deploying", "in_sync", "failed"];

/**
 * Fills the inventory as a reconciler pass over `deployments` deployments would leave it (rows of every
 * status, owners, a few on retiring versions, the accounts' facts), replacing what was there.
 */
export async function seedInventory(sql: SqlExecutor, options: { deployments: number; accounts?: ScaleAccount[]; now?: Date; deploymentsPerAccount?: number }): Promise<{ rows: number; ms: number }> {
  const started = performance.now();
  const accounts = options.accounts ?? SCALE_ACCOUNTS;
  const now = options.now ?? new Date();
  const accountValues = accounts.map((a, i) => `(${i}, ${lit(a.name)}, ${lit(a.resourceGroup)}, ${lit(a.location)}, ${lit(a.paramFile)})`).join(", ");
  const modelValues = MODELS.map((m, i) => `(${i}, ${lit(m[0])}, ${lit(m[1])}, ${lit(m[2])})`).join(", ");
  const statusValues = INVENTORY_STATUS_MIX.map((s, i) => `(${i}, ${lit(s)})`).join(", ");
  const perAccount = options.deploymentsPerAccount ?? Math.ceil(options.deployments / accounts.length);
  await sql.exec(`
    DELETE FROM inventory_deployments;
    INSERT INTO inventory_deployments (account_name, deployment_name, location, resource_group, param_file, team, status, search_text,
      desired, actual, differences, retires_on, retirement, updated_at)
    SELECT a.name, d.name, a.location, a.rg, a.file, d.team, s.status,
      lower(concat_ws(' ', d.name, a.name, a.location, d.team, m.name)),
      CASE WHEN s.status = 'unmanaged' THEN NULL ELSE jsonb_build_object('modelFormat', 'OpenAI', 'modelName', m.name, 'modelVersion', m.version, 'skuName', m.sku, 'capacity', 50) END,
      CASE WHEN s.status = 'missing' THEN NULL ELSE jsonb_build_object('modelFormat', 'OpenAI', 'modelName', m.name, 'modelVersion', m.version, 'skuName', m.sku,
        'capacity', CASE WHEN s.status = 'drift' THEN 40 ELSE 50 END,
        'provisioningState', CASE s.status WHEN 'deploying' THEN 'Updating' WHEN 'failed' THEN 'Failed' ELSE 'Succeeded' END) END,
      CASE WHEN s.status = 'drift' THEN '["capacity 50 → 40"]'::jsonb ELSE '[]'::jsonb END,
      CASE WHEN m.name = 'gpt-35-turbo' THEN ${lit(now.toISOString())}::timestamptz + ((g % 120) * interval '1 day') END,
      CASE WHEN m.name = 'gpt-35-turbo' THEN jsonb_build_object('retiresOn', to_char((${lit(now.toISOString())}::timestamptz + ((g % 120) * interval '1 day')) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'status', 'Deprecating', 'replacement', jsonb_build_object('modelName', 'gpt-4.1-mini', 'modelVersion', '2025-04-14')) END,
      now()
    FROM generate_series(0, ${options.deployments - 1}) g
    JOIN (VALUES ${accountValues}) AS a(i, name, rg, location, file) ON a.i = g % ${accounts.length}
    JOIN (VALUES ${modelValues}) AS m(i, name, version, sku) ON m.i = (g / ${accounts.length}) % ${MODELS.length}
    JOIN (VALUES ${statusValues}) AS s(i, status) ON s.i = g % ${INVENTORY_STATUS_MIX.length}
    CROSS JOIN LATERAL (SELECT 'dep-' || lpad((g / ${accounts.length})::text, 3, '0') || '-' || m.name AS name,
      CASE WHEN g % 7 = 6 THEN NULL ELSE (ARRAY['Search', 'Support', 'Platform'])[1 + g % 3] END AS team) d
    WHERE g / ${accounts.length} < ${perAccount};
    ANALYZE inventory_deployments;
  `);
  const meta = {
    desiredAsOf: now.toISOString(),
    actualAsOf: now.toISOString(),
    accounts: accounts.map((a) => ({ name: a.name, location: a.location, resourceGroup: a.resourceGroup, paramFile: a.paramFile, actualAsOf: now.toISOString() })),
    retirementWindowDays: 90,
    retirementsAsOf: now.toISOString(),
  };
  const status = { lastAttemptAt: now.toISOString(), lastSuccessAt: now.toISOString(), ok: true, durationMs: 0, errors: [] };
  for (const [key, value] of [["sync:inventory-meta", meta], ["sync:status", status]] as const) {
    await sql.query(`INSERT INTO sync_state (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`, [key, JSON.stringify(value)]);
  }
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM inventory_deployments`);
  return { rows: rows[0].n, ms: Math.round(performance.now() - started) };
}
