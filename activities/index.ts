import type { Database } from '../prisma/client';
import { createSystemActivities } from './system.activities';

export interface ActivityDependencies {
  db: Database;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    ...createSystemActivities(deps),
  };
}
