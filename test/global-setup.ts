/**
 * Vitest globalSetup: makes the emulators' local CA and points NODE_EXTRA_CA_CERTS at it before the test
 * workers start. Node reads NODE_EXTRA_CA_CERTS only at process start, and vitest's default `forks` pool
 * starts each worker with this process's environment, so the real SDKs in the workers trust the emulators.
 */
import { ensureLocalCertificates, extraCaCertsPath } from "../emulators/tls";

export default function setup(): void {
  process.env.NODE_EXTRA_CA_CERTS = extraCaCertsPath(ensureLocalCertificates());
}
