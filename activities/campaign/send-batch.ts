import { Context } from '@temporalio/activity';
import { inFlightFor } from './dispatch';
import { InFlight } from './in-flight';
import { chunkPreparer, loadCampaignMessage, type ChunkBatch, type ChunkControl, type ChunkDeps, type PreparedChunk } from './send-chunk';
import { watchCampaign } from './stop-watch';

export interface CampaignBatchInput {
  tenantId: string;
  campaignId: string;
  afterSeq: number;
  limit: number;
  perSecond: number;
  notBefore: number;
}

export interface CampaignBatchResult {
  lastSeq: number;
  /** No recipient to settle after `lastSeq`. */
  exhausted: boolean;
  sent: number;
  failed: number;
  skipped: number;
  /** Outcome unknown for now (an earlier attempt's status webhook, or a voice note in progress). */
  deferred: number;
  /** Not sent in this pass (the provider asked to slow down, the pair rate, the messaging limit): to send in a later pass. */
  retryLater: number;
  notBefore: number;
  /** A failure every further send would repeat (revoked token, missing template): the campaign stops. */
  fatal?: string;
  /** Sending must stop until an admin resumes (quality RED for marketing, template paused): the reason, for the admin. */
  pause?: string;
  /** The provider asked the number to slow down (spam or throughput limit): the campaign halves its rate. */
  slowDown?: boolean;
  /** Recipients were deferred because the messaging limit is used up: when it frees up next (epoch ms). */
  capacityAt?: number;
}

/** How long a batch goes on claiming chunks: long batches leave fewer gaps between one batch's sends and the next's. */
const BATCH_MS = 30_000;
const HEARTBEAT_EVERY_MS = 1_000;
/** A chunk holds a second of sends: claimed while the chunk before it sends, it is ready before that one's window ends. */
const chunkSizeFor = (perSecond: number) => Math.max(1, Math.min(perSecond, 1_000));

type ChunkSent = { result: CampaignBatchResult } | { error: unknown };

/**
 * Settles up to `limit` recipients after `afterSeq`, a chunk at a time (see `chunkPreparer`): each
 * chunk is claimed and booked on the number while the one before it sends, so their windows follow
 * one another without a gap. Claiming stops after BATCH_MS, at the last recipient, when a chunk
 * pauses, fails or finds the messaging limit used up, or when the campaign is halted or its rate changed.
 */
export function createSendCampaignBatch(deps: ChunkDeps) {
  const prepareChunk = chunkPreparer(deps);
  const { db, clock } = deps;

  return async function sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
    const { tenantId, campaignId } = input;
    const activity = Context.current();
    const startedAt = clock.now();
    const batch: ChunkBatch = { message: await db.inTenant(tenantId, (tx) => loadCampaignMessage(tx, tenantId, campaignId)), counted: {} };
    const watch = watchCampaign(() => db.inTenant(tenantId, (tx) => tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true, throttlePerSecond: true, cancelRequestedAt: true } })));
    let ended = false;
    let lastSeq = input.afterSeq;
    const control: ChunkControl = {
      halted: () => ended || watch.stopped || activity.cancellationSignal.aborted,
      heartbeat: () => activity.heartbeat(lastSeq),
      inFlight: new InFlight(inFlightFor(input.perSecond)),
    };
    const sending: Promise<ChunkSent>[] = [];
    const start = (chunk: PreparedChunk) =>
      chunk.send(control).then(
        (result): ChunkSent => {
          if (result.fatal || result.pause || result.slowDown) ended = true;
          return { result };
        },
        (error: unknown): ChunkSent => {
          ended = true;
          return { error };
        },
      );

    let remaining = input.limit;
    let next: CampaignBatchInput = { ...input, limit: Math.min(chunkSizeFor(input.perSecond), remaining) };
    try {
      for (;;) {
        const chunk = await prepareChunk(next, batch);
        sending.push(start(chunk));
        remaining -= next.limit;
        lastSeq = chunk.result.lastSeq;
        control.heartbeat();
        if (chunk.final || chunk.result.exhausted || remaining === 0 || clock.now() - startedAt >= BATCH_MS) break;
        // A window booked behind other senders' may open seconds from now: the heartbeat goes on meanwhile.
        for (let wait = (chunk.window?.start ?? 0) - clock.now(); wait > 0; wait = chunk.window!.start - clock.now()) {
          await clock.sleep(Math.min(wait, HEARTBEAT_EVERY_MS));
          control.heartbeat();
        }
        if (control.halted() || watch.rateChanged) break;
        next = { ...next, afterSeq: lastSeq, limit: Math.min(next.limit, remaining), notBefore: chunk.window?.end ?? next.notBefore };
      }
    } finally {
      await Promise.all(sending);
      watch.close();
    }
    const outcomes = await Promise.all(sending);
    for (const outcome of outcomes) if ('error' in outcome) throw outcome.error;
    return merged(outcomes.map((outcome) => (outcome as { result: CampaignBatchResult }).result));
  };
}

/** One batch's result from its chunks', in order. */
function merged(results: CampaignBatchResult[]): CampaignBatchResult {
  const last = results.at(-1)!;
  const sum = (key: 'sent' | 'failed' | 'skipped' | 'deferred' | 'retryLater') => results.reduce((total, result) => total + result[key], 0);
  const fatal = results.find((result) => result.fatal !== undefined)?.fatal;
  const pause = results.find((result) => result.pause !== undefined)?.pause;
  const capacityAt = Math.min(...results.map((result) => result.capacityAt ?? Infinity));
  return {
    lastSeq: last.lastSeq,
    exhausted: last.exhausted,
    sent: sum('sent'),
    failed: sum('failed'),
    skipped: sum('skipped'),
    deferred: sum('deferred'),
    retryLater: sum('retryLater'),
    notBefore: Math.max(...results.map((result) => result.notBefore)),
    ...(fatal !== undefined ? { fatal } : {}),
    ...(pause !== undefined ? { pause } : {}),
    ...(results.some((result) => result.slowDown) ? { slowDown: true } : {}),
    ...(capacityAt !== Infinity ? { capacityAt } : {}),
  };
}
