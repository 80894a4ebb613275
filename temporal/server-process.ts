import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`temporal server at ${address} not ready after ${timeoutMs} ms: ${String(lastError)}`);
}

/** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killTimer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface ServerProcess {
  stop(): Promise<void>;
  /** Ends it at once, as a crash would (SIGKILL). */
  kill(): Promise<void>;
}

function killProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Starts a Temporal server program and resolves once its frontend at `address` answers health checks. */
export async function spawnTemporalServer(command: string, args: string[], address: string, onLog?: (line: string) => void, env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const lastLines: string[] = [];
  // A Go panic's cause heads a stack trace longer than the lines kept: kept apart.
  let panic: string | undefined;
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      onLog?.(line);
      const kept = line.length > 400 ? `${line.slice(0, 400)}…` : line;
      if (line.startsWith('panic:')) panic ??= kept;
      lastLines.push(kept);
      if (lastLines.length > 8) lastLines.shift();
    }
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  try {
    await waitUntilServing(address, child, 60_000);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`${error instanceof Error ? error.message : String(error)}; ${panic ? `${panic}; ` : ''}its last output:\n${lastLines.join('\n')}`);
  }
  return { stop: () => stopProcess(child), kill: () => killProcess(child) };
}
