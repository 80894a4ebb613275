import http from 'node:http';
import type { PlannedDelivery, StatusStep } from './webhook-traffic';

/** What became of one delivery. Times are performance.now() of this process. */
export interface Outcome {
  kind: PlannedDelivery['kind'];
  providerMessageId: string;
  status?: StatusStep;
  /** When the first attempt's request started. */
  startedAt: number;
  /** First attempt: request start to response end. */
  ackMs: number;
  /** HTTP status of the first attempt (0: no answer: refused, reset or timed out). */
  firstCode: number;
  /** Why the first attempt got no answer (ECONNREFUSED, ECONNRESET, timed out…). */
  firstError?: string;
  /** HTTP status of the last attempt. */
  finalCode: number;
  attempts: number;
  /** When the 200 arrived, if one did. */
  acceptedAt?: number;
}

export interface ResendPolicy {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Counted from the first attempt; the delivery is then given up. */
  giveUpAfterMs: number;
}

export interface DriveOptions {
  url: string;
  agent: http.Agent;
  rate: number;
  seconds: number;
  plan: (index: number) => PlannedDelivery;
  /** Deliveries not answered 200 are sent again, with backoff, until they are (as Meta does). */
  resend?: ResendPolicy;
  /** Started (not awaited) once this fraction of the deliveries has been offered. */
  midway?: { fraction: number; action: () => Promise<void> };
  requestTimeoutMs?: number;
}

export interface DriveResult {
  outcomes: Outcome[];
  startedAt: number;
  /** The last response (or give-up). */
  finishedAt: number;
  /** How late the driver sent its most delayed delivery: the driver's own health. */
  maxLagMs: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A keep-alive agent: the bench sends on up to `maxSockets` connections, as Meta's senders do. */
export const keepAliveAgent = (maxSockets = 256) => new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

interface Answer {
  code: number;
  error?: string;
}

/** One signed POST; answers the HTTP status, 0 (and why) for no answer. */
function post(agent: http.Agent, target: URL, raw: string, signature: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const request = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(raw), 'X-Hub-Signature-256': signature },
      },
      (response) => {
        response.on('end', () => resolve({ code: response.statusCode ?? 0 }));
        response.on('error', (error: NodeJS.ErrnoException) => resolve({ code: 0, error: error.code ?? error.message }));
        response.resume();
      },
    );
    // The socket's idle time once the request has one (time queued in the agent for a socket is not counted).
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error('timed out'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ code: 0, error: error.code ?? error.message }));
    request.end(raw);
  });
}

async function deliver(options: DriveOptions, target: URL, planned: PlannedDelivery): Promise<Outcome> {
  const timeoutMs = options.requestTimeoutMs ?? 10_000;
  const startedAt = performance.now();
  const first = await post(options.agent, target, planned.raw, planned.signature, timeoutMs);
  let code = first.code;
  const outcome: Outcome = { kind: planned.kind, providerMessageId: planned.providerMessageId, startedAt, ackMs: performance.now() - startedAt, firstCode: code, finalCode: code, attempts: 1 };
  if (first.error) outcome.firstError = first.error;
  if (planned.kind === 'status') outcome.status = planned.status;
  const policy = options.resend;
  for (let delay = policy?.baseDelayMs ?? 0; policy && code !== 200 && performance.now() - startedAt < policy.giveUpAfterMs; delay = Math.min(delay * 2, policy.maxDelayMs)) {
    await sleep(delay);
    code = (await post(options.agent, target, planned.raw, planned.signature, timeoutMs)).code;
    outcome.attempts += 1;
    outcome.finalCode = code;
  }
  if (code === 200) outcome.acceptedAt = performance.now();
  return outcome;
}

/**
 * Offers `rate × seconds` deliveries on a fixed schedule (delivery i is due at i / rate), never
 * waiting for answers before sending the next one.
 */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const midwayAt = options.midway ? Math.floor(total * options.midway.fraction) : -1;
  const sending: Promise<Outcome>[] = [];
  const background: Promise<void>[] = [];
  let maxLagMs = 0;
  const startedAt = performance.now();
  for (let i = 0; i < total; ) {
    const due = startedAt + (i * 1000) / options.rate;
    const now = performance.now();
    if (due > now) {
      await sleep(due - now);
      continue;
    }
    maxLagMs = Math.max(maxLagMs, now - due);
    if (i === midwayAt) background.push(options.midway!.action());
    sending.push(deliver(options, target, options.plan(i)));
    i += 1;
  }
  const outcomes = await Promise.all(sending);
  await Promise.all(background);
  return { outcomes, startedAt, finishedAt: performance.now(), maxLagMs };
}
