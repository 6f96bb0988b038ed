import { defineConfig } from "prisma/config";

// Prisma 7 reads its settings here. The schema engine binary (migrate/db push) can't be downloaded on our
// machines, so migrations are hand-kept SQL applied by lib/db/migrate.ts; `prisma migrate deploy` works on
// the same folder where the engine is available (set DATABASE_URL).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/modelgate" },
});
