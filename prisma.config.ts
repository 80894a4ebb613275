import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// Offline-capable setup: the JS engine with the pg driver adapter (see README "Prisma").
// Migrations run with the owner connection; the app connects as a non-bypassing role.
export default defineConfig({
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  engine: 'js',
  experimental: { adapter: true },
  adapter: async () => {
    const connectionString = process.env.DATABASE_ADMIN_URL ?? process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_ADMIN_URL or DATABASE_URL must be set for prisma migrate');
    return new PrismaPg({ connectionString });
  },
});
