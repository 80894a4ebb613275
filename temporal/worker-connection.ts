import { NativeConnection } from '@temporalio/worker';
import { tlsOptions, type TemporalSettings } from './connection';

/** The worker's connection, apart from the client's so the API never loads the worker SDK and its native module. */
export function connectWorker(settings: TemporalSettings): Promise<NativeConnection> {
  return NativeConnection.connect({ address: settings.address, tls: tlsOptions(settings), apiKey: settings.apiKey });
}
