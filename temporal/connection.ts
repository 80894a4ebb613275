import { readFileSync } from 'node:fs';
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { AppConfig } from '../domain/config';

export type TemporalSettings = AppConfig['temporal'] & { address: string };

export function tlsOptions(settings: TemporalSettings) {
  if (!settings.tls) return undefined;
  const { certPath, keyPath } = settings.tls;
  return certPath && keyPath
    ? { clientCertPair: { crt: readFileSync(certPath), key: readFileSync(keyPath) } }
    : true;
}

export function connectClient(settings: TemporalSettings): Promise<Connection> {
  return Connection.connect({ address: settings.address, tls: tlsOptions(settings), apiKey: settings.apiKey });
}

/** The typed client factory the API and scripts use; `interceptors` carry the trace when tracing is on (observability/tracing.ts). */
export async function createTemporalClient(settings: TemporalSettings, interceptors?: ClientInterceptors): Promise<Client> {
  const connection = await connectClient(settings);
  return new Client({ connection, namespace: settings.namespace, ...(interceptors ? { interceptors } : {}) });
}
