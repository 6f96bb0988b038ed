/**
 * The emulator's HTML pages, plain and self-contained (no scripts except the logout auto-submit, as
 * Entra ID's own logout page does). Shaped after Entra ID's: "Pick an account", then back to the app.
 */
import type { DirectoryUser } from "./directory";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; color: #1b1b1b; margin: 0; }
  main { max-width: 440px; margin: 8vh auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 1.5rem; font-weight: 600; margin: 0 0 16px; }
  .brand { font-weight: 600; color: #505050; margin-bottom: 16px; }
  button.account { display: block; width: 100%; text-align: left; background: none; border: 0; border-bottom: 1px solid #e6e6e6; padding: 12px 8px; cursor: pointer; font: inherit; }
  button.account:hover, button.account:focus { background: #e6e6e6; }
  .name { display: block; font-weight: 600; }
  .upn { display: block; color: #505050; font-size: .875rem; }
  label { display: block; margin-top: 24px; }
  input[type=text] { width: 100%; box-sizing: border-box; border: 0; border-bottom: 1px solid #666; padding: 6px 0; font: inherit; }
  .primary { margin-top: 16px; background: #0067b8; color: #fff; border: 0; padding: 6px 24px; font: inherit; cursor: pointer; }
  .error { color: #e81123; }
</style></head>
<body><main><div class="brand">Microsoft Entra ID (emulator)</div>${body}</main></body></html>`;
}

/** "Pick an account": one button per person in the directory, and a field to type a username. */
export function renderAccountPicker(input: { action: string; users: readonly DirectoryUser[]; error?: string; username?: string }): string {
  const accounts = input.users
    .map(
      (u) =>
        `<button class="account" type="submit" name="username" value="${escapeHtml(u.username)}" aria-label="${escapeHtml(`${u.name} ${u.username}`)}">` +
        `<span class="name">${escapeHtml(u.name)}</span><span class="upn">${escapeHtml(u.username)}</span></button>`,
    )
    .join("\n");
  return layout(
    "Sign in to your account",
    `<h1>Pick an account</h1>
<form method="post" action="${escapeHtml(input.action)}">${accounts}</form>
<form method="post" action="${escapeHtml(input.action)}">
  <label for="username">Use another account</label>
  <input id="username" name="username" type="text" autocomplete="username" placeholder="Email or username" value="${escapeHtml(input.username ?? "")}">
  ${input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : ""}
  <button class="primary" type="submit">Next</button>
</form>`,
  );
}

/** The logout page: submits the provider's logout form at once (signing out of the tenant session). */
export function renderSignOutPage(form: string): string {
  return layout(
    "Signing out",
    `<h1>Signing you out…</h1>${form}
<noscript><button class="primary" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>(function(){var f=document.getElementById("op.logoutForm");var i=document.createElement("input");i.type="hidden";i.name="logout";i.value="yes";f.appendChild(i);f.submit();})();</script>`,
  );
}

/** A page with a heading and one message (errors, signed out). */
export function renderMessagePage(title: string, message: string): string {
  return layout(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
