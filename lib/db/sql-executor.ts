/** The little a migration runner needs from a PostgreSQL connection, whether PGlite or node-postgres. */
export interface SqlExecutor {
  /** Runs one parameterised statement. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements (no parameters). */
  exec(sql: string): Promise<void>;
}
