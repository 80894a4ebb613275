import type { SqlQuery } from '../../prisma/client';
import { agencyRows } from '../../prisma/repositories/archive-imports';
import { IMPORTED_ENTITIES } from './archive-entities';
import { uniqueKey, type AgencyHoldings } from './plan-archive';

/**
 * What the importing agency already has that an archive row could collide with: its users by e-mail and the
 * unique values of every imported table (a new agency has only users, templates, assistants and mappings).
 */
export async function agencyHoldings(query: SqlQuery): Promise<AgencyHoldings> {
  const taken = new Map<string, Set<string>>();
  const userIdsByEmail = new Map<string, string>();
  for (const entity of IMPORTED_ENTITIES.filter((candidate) => candidate.unique.length > 0)) {
    const rows = await agencyRows(query, entity.table);
    for (const columns of entity.unique) {
      const values = rows.map((row) => uniqueKey(row, columns)).filter((key) => key !== undefined);
      taken.set(`${entity.file}:${columns.join(',')}`, new Set(values));
    }
    if (entity.table === 'User') for (const row of rows) userIdsByEmail.set(String(row.email).toLowerCase(), String(row.id));
  }
  return { userIdsByEmail, taken };
}
