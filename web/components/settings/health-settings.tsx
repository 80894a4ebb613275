'use client';

import { useApi } from '../../lib/use-api';
import { IntegrationHealthList, TrafficWarnings, type AgencyHealth } from '../health/agency-health';
import { Loading, ProblemMessage } from '../states';

/** Settings › Estado: what works, what the providers refuse, and what stopped arriving. */
export function HealthSettings() {
  const health = useApi<AgencyHealth>('/tenant/health');
  if (health.error) return <ProblemMessage problem={health.error} />;
  if (!health.data) return <Loading />;
  return (
    <>
      <TrafficWarnings health={health.data} />
      <IntegrationHealthList integrations={health.data.integrations} />
    </>
  );
}
