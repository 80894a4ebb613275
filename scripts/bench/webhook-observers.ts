import type { ChildProcess } from 'node:child_process';
import { Client as PgClient } from 'pg';
import { MemoryPeaks } from './process-memory';
import { CpuWindow } from './cpu-shares';

/**
 * The agent's view: a LISTEN astor_inbox connection of the bench's own, noting when each
 * `message.created` arrives (performance.now() of this process), by message id.
 */
export class InboxListener {
  private readonly seen = new Map<string, number>();
  private client: PgClient | undefined;

  async start(databaseUrl: string): Promise<void> {
    const client = new PgClient({ connectionString: databaseUrl });
    client.on('notification', (notification) => {
      const payload = notification.payload ?? '';
      // Status notifications outnumber the rest: skip them before parsing anything.
      if (!payload.includes('"message.created"')) return;
      const at = performance.now();
      const event = JSON.parse(payload) as { type?: string; messageId?: string };
      if (event.type === 'message.created' && event.messageId && !this.seen.has(event.messageId)) this.seen.set(event.messageId, at);
    });
    await client.connect();
    await client.query('LISTEN astor_inbox');
    this.client = client;
  }

  seenAt(messageId: string): number | undefined {
    return this.seen.get(messageId);
  }

  clear(): void {
    this.seen.clear();
  }

  async stop(): Promise<void> {
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}

export interface Peaks {
  outboxDepth: number;
  outboxOldestMs: number;
  outboxRetrying: number;
  apiMb: number;
  workerMb: number;
}

/** Polls astor_outbox_stats() and the services' resident memory every `everyMs`, keeping the largest values seen. */
export class RunSampler {
  private peaks = { outboxDepth: 0, outboxOldestMs: 0, outboxRetrying: 0 };
  private memory: MemoryPeaks;
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private client: PgClient | undefined;
  /** Why polling the outbox failed, if it did (reported, never fatal). */
  error: string | undefined;

  constructor(
    private readonly pids: { api: () => number | undefined; worker: () => number | undefined },
    private readonly everyMs = 500,
  ) {
    this.memory = new MemoryPeaks(pids);
  }

  async start(adminUrl: string): Promise<void> {
    this.client = new PgClient({ connectionString: adminUrl });
    await this.client.connect();
    this.reset();
    this.timer = setInterval(() => void this.sample(), this.everyMs);
  }

  reset(): void {
    this.peaks = { outboxDepth: 0, outboxOldestMs: 0, outboxRetrying: 0 };
    this.memory = new MemoryPeaks(this.pids);
    this.error = undefined;
  }

  /** A window over which to count where the machine's CPU goes, the API and worker known by their current pids. */
  cpuWindow(): CpuWindow {
    return new CpuWindow(() => ({ api: this.pids.api(), worker: this.pids.worker() }));
  }

  current(): Peaks {
    return { ...this.peaks, apiMb: this.memory.peak('api'), workerMb: this.memory.peak('worker') };
  }

  private async sample(): Promise<void> {
    this.memory.sample();
    if (this.polling || !this.client) return;
    this.polling = true;
    try {
      const { rows } = await this.client.query<{ depth: string; oldest_age_ms: string; retrying: string }>('SELECT * FROM astor_outbox_stats()');
      const row = rows[0];
      if (row) {
        this.peaks.outboxDepth = Math.max(this.peaks.outboxDepth, Number(row.depth));
        this.peaks.outboxOldestMs = Math.max(this.peaks.outboxOldestMs, Number(row.oldest_age_ms));
        this.peaks.outboxRetrying = Math.max(this.peaks.outboxRetrying, Number(row.retrying));
      }
    } catch (error) {
      this.error ??= error instanceof Error ? error.message : String(error);
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}

/**
 * What a service process says is wrong: its warn and error lines (stderr, JSON from domain/logger)
 * counted by message with one sample each, other stderr lines kept as they come (a crash's stack),
 * and an exit nobody asked for.
 */
export class ServiceWatch {
  private readonly problems = new Map<string, { count: number; sample: string }>();
  private readonly rawTail: string[] = [];
  private partial = '';
  /** Level of the last Temporal core record, whose continuation lines carry none. */
  private otherLevel: string | undefined;
  exits: string[] = [];
  private expectingExit = false;

  constructor(readonly name: string) {}

  attach(child: ChildProcess): void {
    this.expectingExit = false;
    child.stderr?.on('data', (chunk: Buffer) => this.take(chunk.toString()));
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) this.exits.push(`${this.name} exited unexpectedly (code ${code}, signal ${signal})`);
    });
  }

  /** The next exit is the bench's doing (a kill or the final stop). */
  expectExit(): void {
    this.expectingExit = true;
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    if (!line.trim()) return;
    if (line.startsWith('{')) return this.jsonLine(line);
    // Temporal's core logs a record as "<time> [LEVEL] message {" and its fields on the lines that follow.
    const level = /^\S+Z \[(\w+)\]/.exec(line)?.[1];
    if (level) this.otherLevel = level;
    if (this.otherLevel && !['WARN', 'ERROR'].includes(this.otherLevel)) return;
    this.rawTail.push(line.slice(0, 500));
    if (this.rawTail.length > 40) this.rawTail.shift();
  }

  private jsonLine(line: string): void {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      const key = `${entry.level ?? '?'}: ${entry.msg ?? line.slice(0, 120)}`;
      const known = this.problems.get(key);
      if (known) known.count += 1;
      else this.problems.set(key, { count: 1, sample: line.slice(0, 1_500) });
    } catch {
      this.rawTail.push(line.slice(0, 500));
    }
  }

  report(): string[] {
    const lines = [...this.exits];
    for (const [key, { count, sample }] of this.problems) lines.push(`${this.name} ${key} ×${count}\n    e.g. ${sample}`);
    if (this.rawTail.length) lines.push(`${this.name} other stderr, warnings and errors (last ${this.rawTail.length} lines):\n    ${this.rawTail.join('\n    ')}`);
    return lines;
  }
}
