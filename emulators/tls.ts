/**
 * Local TLS for the emulators. The ARM SDK (and Octokit's bearer auth) refuse tokens over plain http, so the
 * emulators serve HTTPS with a leaf certificate signed by a local CA made once per checkout. Clients trust the
 * CA through NODE_EXTRA_CA_CERTS=<caPath>, which Node reads only at process start: set it in the environment of
 * the process that will talk to an emulator (the demo launcher does this for the portal, the vitest
 * globalSetup for test workers). Nothing here touches the system trust store.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate, createPrivateKey } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export interface LocalCertificates {
  /** Absolute path of the CA certificate (PEM): the value for NODE_EXTRA_CA_CERTS. */
  caPath: string;
  /** Absolute path of the leaf certificate (PEM) for 127.0.0.1, localhost and ::1. */
  certPath: string;
  /** Absolute path of the leaf private key (PEM). */
  keyPath: string;
  ca: string;
  cert: string;
  key: string;
}

const CA_FILE = "ca.pem";
const CA_KEY_FILE = "ca-key.pem";
const CERT_FILE = "cert.pem";
const KEY_FILE = "key.pem";
const LOCK_DIR = ".lock";
const DAY_MS = 24 * 60 * 60 * 1000;
// Regenerate a little before expiry so a long-running demo never hits an expired certificate.
const CA_MIN_REMAINING_MS = 30 * DAY_MS;
const LEAF_MIN_REMAINING_MS = 7 * DAY_MS;
const LOCK_STALE_MS = 60_000;
const LOCK_WAIT_MS = 30_000;

/**
 * Returns the local CA and the 127.0.0.1/localhost/::1 leaf certificate in `dir`, creating them on first use
 * (and re-creating what is missing, corrupt or close to expiry). Safe to call from several processes at once.
 */
export function ensureLocalCertificates(dir = ".data/certs"): LocalCertificates {
  const root = path.resolve(dir);
  const existing = readValid(root);
  if (existing) return existing;

  fs.mkdirSync(root, { recursive: true });
  const release = acquireLock(path.join(root, LOCK_DIR));
  try {
    // Another process may have finished while we waited for the lock.
    const again = readValid(root);
    if (again) return again;
    const caUsable = readUsableCa(root);
    generate(root, caUsable ? "leaf" : "all");
    const made = readValid(root);
    if (!made) throw new Error(`local certificates in ${root} are still invalid after generation`);
    return made;
  } finally {
    release();
  }
}

function filePaths(root: string) {
  return {
    caPath: path.join(root, CA_FILE),
    caKeyPath: path.join(root, CA_KEY_FILE),
    certPath: path.join(root, CERT_FILE),
    keyPath: path.join(root, KEY_FILE),
  };
}

function readUsableCa(root: string): boolean {
  const { caPath, caKeyPath } = filePaths(root);
  try {
    const ca = new X509Certificate(fs.readFileSync(caPath));
    const caKey = createPrivateKey(fs.readFileSync(caKeyPath));
    return ca.ca && ca.checkPrivateKey(caKey) && Date.parse(ca.validTo) - Date.now() > CA_MIN_REMAINING_MS;
  } catch {
    return false;
  }
}

function readValid(root: string): LocalCertificates | undefined {
  const { caPath, certPath, keyPath } = filePaths(root);
  try {
    if (!readUsableCa(root)) return undefined;
    const caPem = fs.readFileSync(caPath, "utf8");
    const certPem = fs.readFileSync(certPath, "utf8");
    const keyPem = fs.readFileSync(keyPath, "utf8");
    const ca = new X509Certificate(caPem);
    const leaf = new X509Certificate(certPem);
    const ok =
      leaf.checkIssued(ca) &&
      leaf.verify(ca.publicKey) &&
      leaf.checkPrivateKey(createPrivateKey(keyPem)) &&
      leaf.checkIP("127.0.0.1") !== undefined &&
      leaf.checkHost("localhost") !== undefined &&
      Date.parse(leaf.validFrom) <= Date.now() &&
      Date.parse(leaf.validTo) - Date.now() > LEAF_MIN_REMAINING_MS;
    if (!ok) return undefined;
    return { caPath, certPath, keyPath, ca: caPem, cert: certPem, key: keyPem };
  } catch {
    return undefined;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** mkdir is atomic, so a lock directory serialises generation across processes without extra packages. */
function acquireLock(lockDir: string): () => void {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > LOCK_STALE_MS) {
          fs.rmSync(lockDir, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue; // the holder released it between our mkdir and stat
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for the certificate lock ${lockDir}`);
      sleepSync(50);
    }
  }
}

/**
 * selfsigned 5 is async-only; running it in a child node process keeps this function synchronous, which lets
 * callers (launchers, vitest globalSetup, server factories) use it before anything else starts.
 */
const GENERATOR = String.raw`
const fs = require("node:fs");
const path = require("node:path");
const selfsigned = require(process.argv[1]);
const root = process.argv[2];
const mode = process.argv[3];
function write(file, text, mode) {
  const target = path.join(root, file);
  const tmp = target + "." + process.pid + ".tmp";
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, target);
}
(async () => {
  const now = new Date(Date.now() - 60 * 60 * 1000);
  let ca;
  if (mode === "all") {
    const caEnd = new Date(now); caEnd.setFullYear(caEnd.getFullYear() + 10);
    const made = await selfsigned.generate(
      [{ name: "commonName", value: "ModelGate local development CA" }, { name: "organizationName", value: "ModelGate emulators" }],
      {
        keyType: "ec", curve: "P-256", algorithm: "sha256", notBeforeDate: now, notAfterDate: caEnd,
        extensions: [
          { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
          { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
        ],
      },
    );
    ca = { cert: made.cert, key: made.private };
  } else {
    ca = { cert: fs.readFileSync(path.join(root, "${CA_FILE}"), "utf8"), key: fs.readFileSync(path.join(root, "${CA_KEY_FILE}"), "utf8") };
  }
  const leafEnd = new Date(now); leafEnd.setFullYear(leafEnd.getFullYear() + 2);
  const leaf = await selfsigned.generate([{ name: "commonName", value: "localhost" }], {
    keyType: "ec", curve: "P-256", algorithm: "sha256", notBeforeDate: now, notAfterDate: leafEnd, ca,
    extensions: [
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 2, value: "localhost" }, { type: 7, ip: "127.0.0.1" }, { type: 7, ip: "::1" }] },
    ],
  });
  if (mode === "all") {
    write("${CA_KEY_FILE}", ca.key, 0o600);
    write("${CA_FILE}", ca.cert, 0o644);
  }
  write("${KEY_FILE}", leaf.private, 0o600);
  write("${CERT_FILE}", leaf.cert, 0o644);
})().catch((error) => { console.error(error && error.stack ? error.stack : String(error)); process.exit(1); });
`;

function generate(root: string, mode: "all" | "leaf"): void {
  const selfsignedPath = createRequire(import.meta.url).resolve("selfsigned");
  try {
    execFileSync(process.execPath, ["-e", GENERATOR, selfsignedPath, root, mode], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 60_000,
      // The child must not inherit a possibly missing NODE_EXTRA_CA_CERTS (Node warns) or loaders like tsx.
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "production" } as NodeJS.ProcessEnv,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not create local certificates in ${root}: ${stderr || (error as Error).message}`);
  }
}

/**
 * The value to give NODE_EXTRA_CA_CERTS so a process trusts the local CA. The variable takes a single file, so
 * when one is already configured (a corporate or sandbox CA bundle, say) both go into `ca-bundle.pem`.
 */
export function extraCaCertsPath(certs: LocalCertificates, existing: string | undefined = process.env.NODE_EXTRA_CA_CERTS): string {
  const bundlePath = path.join(path.dirname(certs.caPath), "ca-bundle.pem");
  if (!existing || path.resolve(existing) === certs.caPath || path.resolve(existing) === bundlePath) return certs.caPath;
  let extra = "";
  try {
    extra = fs.readFileSync(existing, "utf8");
  } catch {
    return certs.caPath; // Node only warns about a missing file; there is nothing to keep
  }
  const text = `${extra.trimEnd()}\n${certs.ca}`;
  const current = fs.existsSync(bundlePath) ? fs.readFileSync(bundlePath, "utf8") : undefined;
  if (current !== text) {
    const tmp = `${bundlePath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, bundlePath);
  }
  return bundlePath;
}
