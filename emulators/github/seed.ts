import { GitStore } from "./git-store";
import { renderSeedFiles, TEMPLATE_DIR, type WorkflowOptions } from "./seed-repo";
import type { SeedAccount } from "../seed/world";
import { SEED_ACCOUNTS } from "../seed/world";

const PLATFORM_TEAM = { name: "Contoso Platform Team", email: "platform-team@contoso.example" };
// Fixed dates make the seed commits (and so their shas) identical after every reset.
const TEMPLATE_DATE = new Date("2025-02-10T07:00:00Z");
const PARAMS_DATE = new Date("2025-02-11T09:30:00Z");

/** Creates the platform repository's history: the template and workflow, then one parameter file per account. */
export async function seedRepository(git: GitStore, defaultBranch: string, accounts: SeedAccount[] = SEED_ACCOUNTS, options: WorkflowOptions = {}): Promise<string> {
  await git.init(defaultBranch);
  const files = renderSeedFiles(accounts, options);
  const paramPaths = new Set(accounts.map((a) => a.paramFile));
  const scaffold = Object.entries(files).filter(([p]) => !paramPaths.has(p));
  const tree1 = await git.writeTree(
    null,
    scaffold.map(([path, content]) => ({ path, content })),
  );
  const c1 = await git.writeCommit({
    tree: tree1,
    parents: [],
    message: `Add ${TEMPLATE_DIR}: Bicep template for model deployments and the AI Models workflow`,
    author: { ...PLATFORM_TEAM, date: TEMPLATE_DATE },
  });
  const tree2 = await git.writeTree(
    tree1,
    [...paramPaths].map((path) => ({ path, content: files[path] })),
  );
  const c2 = await git.writeCommit({
    tree: tree2,
    parents: [c1],
    message: `Add parameter files for ${accounts.map((a) => a.name).join(", ")}`,
    author: { ...PLATFORM_TEAM, date: PARAMS_DATE },
  });
  await git.updateRef(`refs/heads/${defaultBranch}`, c2);
  return c2;
}
