import type { Database } from '../prisma/client';

export function createSystemActivities({ db }: { db: Database }) {
  return {
    async checkDatabase(): Promise<string> {
      const rows = await db.prisma.$queryRaw<{ version: string }[]>`SELECT current_setting('server_version') AS version`;
      return `postgres ${rows[0]?.version ?? 'unknown'}`;
    },
  };
}

export type SystemActivities = ReturnType<typeof createSystemActivities>;
