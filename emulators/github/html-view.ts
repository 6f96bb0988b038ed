import { mergeability } from "./merging";
import type { RepoModel } from "./repo-model";

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}pre{background:#f6f8fa;padding:1rem;overflow:auto}
.add{color:#116329}.del{color:#82071e}td,th{padding:.25rem .5rem;text-align:left}</style></head><body>
<p><em>GitHub emulator</em> — a read-only view for the ModelGate demo.</p>${body}</body></html>`;
}

/** The web pages behind html_url links (pull requests, runs, files), read-only and minimal. */
export async function renderHtmlPage(model: RepoModel, url: URL): Promise<string | null> {
  const ctx = model.ctx;
  const rest = url.pathname.slice(`/${ctx.owner}/${ctx.repo}`.length);
  const pr = /^\/pull\/(\d+)/.exec(rest);
  if (pr) {
    const pull = model.state.pulls.find((p) => p.number === Number(pr[1]));
    if (!pull) return null;
    const base = (await model.git.mergeBase(pull.mergeCommitSha ? pull.baseSha : ((await model.branchSha(pull.baseRef)) ?? pull.baseSha), pull.headSha)) ?? pull.baseSha;
    const diff = (await model.git.run(["diff", base, pull.headSha])).stdout.toString("utf8");
    const m = await mergeability(model, pull);
    const reviews = model.state.reviews.filter((r) => r.pullNumber === pull.number);
    const checks = model.state.checkRuns.filter((c) => c.headSha === pull.headSha);
    return page(
      `#${pull.number} ${pull.title}`,
      `<h1>${esc(pull.title)} <small>#${pull.number}</small></h1>
<p>${esc(pull.user)} wants to merge <code>${esc(pull.headRef)}</code> into <code>${esc(pull.baseRef)}</code> — ${pull.mergedAt ? "merged" : pull.state}${pull.state === "open" ? `, ${m.mergeableState}` : ""}</p>
<pre>${esc(pull.body ?? "")}</pre>
<h2>Checks</h2><table>${checks.map((c) => `<tr><td>${esc(c.name)}</td><td>${c.status}</td><td>${c.conclusion ?? ""}</td><td>${esc(c.title ?? "")}</td></tr>`).join("")}</table>
<h2>Reviews</h2><ul>${reviews.map((r) => `<li>${esc(r.user)}: ${r.state} ${esc(r.body)}</li>`).join("")}</ul>
<h2>Diff</h2><pre>${esc(diff)
        .split("\n")
        .map((l) => (l.startsWith("+") ? `<span class="add">${l}</span>` : l.startsWith("-") ? `<span class="del">${l}</span>` : l))
        .join("\n")}</pre>`,
    );
  }
  const run = /^\/actions\/runs\/(\d+)/.exec(rest);
  if (run) {
    const r = model.state.workflowRuns.find((x) => x.id === Number(run[1]));
    if (!r) return null;
    return page(`Run ${r.runNumber}`, `<h1>AI Models #${r.runNumber} (${r.event})</h1><p>${r.status} ${r.conclusion ?? ""} — ${esc(r.headSha)}</p><pre>${esc(r.log.join("\n"))}</pre>`);
  }
  const blob = /^\/(?:blob|raw)\/([^/]+)\/(.+)$/.exec(rest);
  if (blob) {
    const sha = await model.git.resolveCommit(decodeURIComponent(blob[1]));
    const entry = sha ? await model.git.findEntry(sha, decodeURIComponent(blob[2])) : null;
    if (!entry || entry.type !== "blob") return null;
    return page(blob[2], `<h1>${esc(decodeURIComponent(blob[2]))}</h1><pre>${esc((await model.git.readBlob(entry.sha)).toString("utf8"))}</pre>`);
  }
  if (rest === "" || rest === "/") {
    const pulls = model.state.pulls.slice().reverse();
    return page(`${ctx.owner}/${ctx.repo}`, `<h1>${esc(ctx.owner)}/${esc(ctx.repo)}</h1><h2>Pull requests</h2><ul>${pulls.map((p) => `<li><a href="/${ctx.owner}/${ctx.repo}/pull/${p.number}">#${p.number} ${esc(p.title)}</a> (${p.mergedAt ? "merged" : p.state})</li>`).join("")}</ul>`);
  }
  return null;
}
