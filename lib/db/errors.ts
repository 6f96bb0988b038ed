/**
 * Whether an error means the database could not be reached or dropped the connection (a restart, a failover,
 * a full pool) — as opposed to a bug or a refused write. Covers Prisma's errors on either adapter and raw
 * node-postgres errors (the health check's `SELECT 1`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const x = e as { name?: string; code?: unknown; errorCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    const code = typeof x.code === "string" ? x.code : typeof x.errorCode === "string" ? x.errorCode : "";
    // Prisma: can't reach the server, it closed the connection, timed out, or no connection free in the pool.
    if (["P1001", "P1002", "P1008", "P1017", "P2024"].includes(code)) return true;
    if (x.name === "PrismaClientInitializationError") return true;
    // PostgreSQL: connection exceptions (08…), shut down or starting up (57P01–57P03), too many connections.
    if (/^08/.test(code) || ["57P01", "57P02", "57P03", "53300"].includes(code)) return true;
    // node-postgres and the OS: nothing listening, the socket dropped.
    if (["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND"].includes(code)) return true;
    if (typeof x.message === "string" && /Connection terminated|Client has encountered a connection error|Connection ended unexpectedly/i.test(x.message)) return true;
    e = x.meta?.driverAdapterError ?? x.cause;
  }
  return false;
}
