import { inParallel } from '../../domain/in-parallel';
import type { Database } from '../../prisma/client';
import { agencyProblems, type AgencyProblem } from '../../prisma/repositories/agency-problems';

/** Agencies are checked a few at a time, each in its own transaction under its own row-level security. */
const AGENCIES_IN_FLIGHT = 4;

/** The active agencies that have problems, the most troubled first. */
export async function findPlatformProblems({ db }: { db: Database }, now = new Date()) {
  const tenants = await db.prisma.tenant.findMany({ where: { active: true }, orderBy: { name: 'asc' }, select: { id: true, name: true, slug: true } });
  const found: { id: string; name: string; slug: string; problems: AgencyProblem[] }[] = [];
  await inParallel(tenants, AGENCIES_IN_FLIGHT, async (tenant) => {
    const problems = await db.inTenant(tenant.id, (tx) => agencyProblems(tx, now));
    if (problems.length) found.push({ ...tenant, problems });
  });
  found.sort((a, b) => b.problems.length - a.problems.length || a.name.localeCompare(b.name));
  return { checkedAt: now, agencies: found };
}
