import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNamespace } from '../temporal/namespace-setup';
import { spawnTemporalServer } from '../temporal/server-process';
import { freePort } from './free-port';

export interface TimeSkippingServer {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

const SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;

const DYNAMIC_CONFIG = `frontend.WorkflowTimeSkippingEnabled:
  - value: true
frontend.WorkflowTimeSkippingMaxSkipPerSession:
  - value: 10000
system.namespaceCacheRefreshInterval:
  - value: 500ms
matching.numTaskqueueReadPartitions:
  - value: 1
matching.numTaskqueueWritePartitions:
  - value: 1
`;

function sqliteStore(): string {
  return `      sql:
        pluginName: "sqlite"
        databaseName: "default"
        connectAddr: "localhost"
        connectProtocol: "tcp"
        connectAttributes:
          mode: "memory"
          cache: "private"
        maxConns: 1
        maxIdleConns: 1
        maxConnLifetime: "1h"`;
}

function serverConfig(ports: Record<(typeof SERVICES)[number], { grpc: number; membership: number }>, httpPort: number, dynamicConfigFile: string): string {
  const services = SERVICES.map(
    (name) => `  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${name === 'frontend' ? `\n      httpPort: ${httpPort}` : ''}`,
  ).join('\n');
  return `log:
  stdout: true
  level: error
persistence:
  defaultStore: sqlite-default
  visibilityStore: sqlite-visibility
  numHistoryShards: 1
  datastores:
    sqlite-default:
${sqliteStore()}
    sqlite-visibility:
${sqliteStore()}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:
${services}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend.grpc}"
      httpAddress: "127.0.0.1:${httpPort}"
dcRedirectionPolicy:
  policy: "noop"
dynamicConfigClient:
  filepath: "${dynamicConfigFile}"
  pollInterval: "10s"
`;
}

/**
 * The Temporal server binary on in-memory SQLite with workflow time skipping enabled: a workflow
 * whose options turn it on jumps over its timers whenever no activity is in flight.
 */
export async function startTimeSkippingServer(serverPath: string, dir: string, onLog?: (line: string) => void): Promise<TimeSkippingServer> {
  mkdirSync(dir, { recursive: true });
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, { grpc: await freePort(), membership: await freePort() }] as const))) as Parameters<typeof serverConfig>[0];
  const dynamicConfigFile = path.join(dir, 'dynamic-config.yaml');
  const configFile = path.join(dir, 'server.yaml');
  writeFileSync(dynamicConfigFile, DYNAMIC_CONFIG);
  writeFileSync(configFile, serverConfig(ports, await freePort(), dynamicConfigFile));
  const address = `127.0.0.1:${ports.frontend.grpc}`;
  const server = await spawnTemporalServer(serverPath, ['--config-file', configFile, '--allow-no-auth', 'start'], address, onLog);
  const namespace = 'default';
  try {
    await ensureNamespace(address, namespace, '1 day');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { address, namespace, stop: () => server.stop() };
}
