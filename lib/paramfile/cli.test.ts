import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { runCli, type CliIo } from "./cli";
import { applyParamChange } from "./index";

const repoRoot = resolve(__dirname, "..", "..");
const seedPath = join(__dirname, "fixtures", "seed-example.bicepparam");
const seed = readFileSync(seedPath, "utf8");
const jsonFixture = readFileSync(join(__dirname, "fixtures", "deployment-parameters.json"), "utf8");
const add = { op: "add", deployment: { name: "search-gpt-4o", model: { format: "OpenAI", name: "gpt-4o", version: "2024-11-20" }, sku: { name: "GlobalStandard", capacity: 150 } }, comment: "team: Search" };

/** An in-memory file system and captured output. */
function memoryIo(files: Record<string, string>) {
  const out = { stdout: "", stderr: "", files: { ...files } };
  const io: CliIo = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    readFile: (path) => {
      if (!(path in out.files)) throw Object.assign(new Error(`ENOENT: ${path}`), { code: "ENOENT" });
      return out.files[path];
    },
    writeFile: (path, text) => void (out.files[path] = text),
  };
  return { io, out, run: (...args: string[]) => runCli(args, io) };
}

describe("runCli", () => {
  it("lists the deployments as JSON", () => {
    const { out, run } = memoryIo({ "a.bicepparam": seed });
    expect(run("list", "a.bicepparam")).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual([{ model: { format: "OpenAI", name: "gpt-4-32k", version: "0613" }, name: "gpt-4-32k", sku: { capacity: 10, name: "Standard" } }]);
    expect(out.stderr).toBe("");
  });

  it("prints the whole new file, or writes it in place with --write", () => {
    const expected = applyParamChange(seed, "bicepparam", add as never);
    const printed = memoryIo({ "a.bicepparam": seed });
    expect(printed.run("apply", "a.bicepparam", "--change", JSON.stringify(add))).toBe(0);
    expect(printed.out.stdout).toBe(expected);
    expect(printed.out.files["a.bicepparam"]).toBe(seed);

    const written = memoryIo({ "a.bicepparam": seed });
    expect(written.run("apply", "a.bicepparam", "--write", "--change", JSON.stringify(add))).toBe(0);
    expect(written.out.stdout).toBe("");
    expect(written.out.files["a.bicepparam"]).toBe(expected);
  });

  it("works on ARM JSON files and honours --param", () => {
    const { out, run } = memoryIo({ "p.json": jsonFixture });
    expect(run("list", "p.json", "--param", "location")).toBe(1);
    expect(out.stderr).toBe("p.json:6:16: Parameter 'location' is not an array (line 6).\n");
    expect(run("validate", "p.json")).toBe(0);
  });

  it("refuses with one line naming the deployment, leaving the file untouched", () => {
    const { out, run } = memoryIo({ "a.bicepparam": seed });
    const change = { op: "update", name: "gpt-4-32k", set: { sku: { capacity: 0 } } };
    expect(run("apply", "a.bicepparam", "--write", "--change", JSON.stringify(change))).toBe(1);
    expect(out.stderr).toBe('a.bicepparam:16:7: Deployment "gpt-4-32k": sku.capacity must be a positive whole number of capacity units (it is 0).\n');
    expect(out.files["a.bicepparam"]).toBe(seed);
    expect(out.stdout).toBe("");
  });

  it("gives line:column for syntax errors, once", () => {
    const { out, run } = memoryIo({ "b.bicepparam": "param openaiDeployments = [\n  { name: 'x }\n]\n" });
    expect(run("validate", "b.bicepparam")).toBe(1);
    expect(out.stderr).toBe("b.bicepparam:2:11: Unterminated string: add the closing ' on the same line (use ''' for multi-line text).\n");
  });

  it("prints one line per finding for validate", () => {
    const { out, run } = memoryIo({ "c.bicepparam": seed.replace("capacity: 10", "capacity: -1").replace("name: 'gpt-4-32k'\n    sku", "name: 'gpt 4'\n    sku") });
    expect(run("validate", "c.bicepparam")).toBe(1);
    const lines = out.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^c\.bicepparam:14:5: Deployment name "gpt 4" contains " "/);
    expect(lines[1]).toMatch(/^c\.bicepparam:16:7: Deployment "gpt 4": sku\.capacity must be a positive whole number/);
  });

  it("explains usage mistakes in one line with exit code 2", () => {
    const cases: [string[], string][] = [
      [[], "missing command"],
      [["list"], "list needs a FILE"],
      [["frob", "a.bicepparam"], 'unknown command "frob"'],
      [["apply", "a.bicepparam"], "apply needs --change JSON"],
      [["list", "a.bicepparam", "--bogus"], "Unknown option '--bogus'"],
      [["list", "missing.bicepparam"], "cannot read missing.bicepparam: no such file"],
    ];
    for (const [args, message] of cases) {
      const { out, run } = memoryIo({ "a.bicepparam": seed });
      expect(run(...args)).toBe(2);
      expect(out.stderr).toContain(message);
      expect(out.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
  });

  it("refuses bad --change JSON and unsupported files as typed errors", () => {
    const { out, run } = memoryIo({ "a.bicepparam": seed, "main.bicep": "" });
    expect(run("apply", "a.bicepparam", "--change", "{op: add}")).toBe(1);
    expect(out.stderr).toMatch(/^a\.bicepparam: --change is not valid JSON/);
    expect(run("list", "main.bicep")).toBe(1);
    expect(out.stderr).toContain('Unsupported parameter file "main.bicep": use a .bicepparam or .json file.');
  });
});

describe("the paramfile command (spawned through tsx, as npm run paramfile does)", () => {
  const dir = mkdtempSync(join(tmpdir(), "paramfile-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
  const cli = join(repoRoot, "lib", "paramfile", "cli.ts");
  const run = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(tsx, [cli, ...args], { cwd: repoRoot, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it("applies, writes in place, and refuses without a stack trace or touching the file", async () => {
    const file = join(dir, "account.bicepparam");
    writeFileSync(file, seed);
    const bad = join(dir, "broken.bicepparam");
    writeFileSync(bad, "param openaiDeployments = [\n  {\n");
    const [printed, refused, broken] = await Promise.all([
      run("apply", file, "--change", JSON.stringify(add)),
      run("apply", file, "--write", "--change", JSON.stringify({ op: "add", deployment: { ...add.deployment, name: "GPT-4-32K" } })),
      run("list", bad),
    ]);
    expect(printed).toEqual({ code: 0, stdout: applyParamChange(seed, "bicepparam", add as never), stderr: "" });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`${file}:8:3: Deployment name "GPT-4-32K" is taken: "gpt-4-32k" already exists in 'openaiDeployments' (line 8); names must be unique, ignoring case.\n`);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe(`${bad}:3:1: Expected '}' to close the object that starts at line 2, column 3 but found the end of the file.\n`);
    for (const r of [refused, broken]) expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, "utf8")).toBe(seed);

    const written = await run("apply", file, "--write", "--change", JSON.stringify({ op: "remove", name: "gpt-4-32k" }));
    expect(written).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(file, "utf8")).toBe(applyParamChange(seed, "bicepparam", { op: "remove", name: "gpt-4-32k" }));
  });

  it("validates with exit codes", async () => {
    const [ok, usage] = await Promise.all([run("validate", seedPath), run("validate")]);
    expect(ok).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe("paramfile: validate needs a FILE (see --help)\n");
  });
});
