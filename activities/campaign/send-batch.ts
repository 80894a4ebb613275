import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { pauseReasonOf } from '../../domain/campaign-pause';
import type { Database } from '../../prisma/client';
import { sendingConditions } from '../../prisma/repositories/campaign-pause';
import { releaseDispatch } from '../../prisma/repositories/send-dispatch';
import type { ChannelRegistry } from '../../integrations/channel-registry';
import { recordCampaignSends } from '../../observability/metrics';
import { createPrepareBatch, type PreparedBatch, type Preparation } from './batch-prepare';
import type { Clock } from './clock';
import { dispatchBatch, type Dispatched } from './dispatch';
import { markSkipped, markVoiceStarted, recordDeclined, recordOutcomes } from './recipient-store';
import { watchForStop } from './stop-watch';

/**
 * How long one activity goes on sending, stretch after stretch: the next stretch is prepared while
 * the one before sends, so the number idles only between runs (a few tenths of a second each).
 */
const RUN_MS = 60_000;
const HEARTBEAT_EVERY_MS = 1_000;
/** Stretches sending at once: one in its window, the ones before it finishing what their windows could not hold. */
const STRETCHES_IN_FLIGHT = 3;

export interface CampaignBatchInput {
  tenantId: string;
  campaignId: string;
  afterSeq: number;
  /** Recipients per stretch: about two seconds of sends. */
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

interface BatchDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  channels: ChannelRegistry;
  clock: Clock;
  /** The rolling window of Meta's messaging limit. */
  messagingLimit: { windowMs: number };
}

const noneDispatched = (notBefore: number): Dispatched => ({ sent: [], failed: [], deferred: 0, released: [], notSent: 0, voicesStarted: [], notBefore });

/**
 * Settles recipients after `afterSeq`, stretch after stretch for up to RUN_MS: each stretch is
 * prepared (see createPrepareBatch) while the one before it sends, then dispatched in its own window at
 * the campaign's pace with each send's idempotency key as the provider's callback data, and its
 * outcomes recorded. A pause, a stop, a failure, a request to slow down or a new throttle ends the run;
 * a stretch prepared ahead is then left as it is (its recipients, claimed but not dispatched, are
 * settled by a later batch).
 */
export function createSendCampaignBatch(deps: BatchDeps) {
  const { db, temporal, taskQueue, clock } = deps;
  const prepareBatch = createPrepareBatch(deps);

  async function sendPrepared(input: CampaignBatchInput, prepared: PreparedBatch, run: { halted(): boolean; heartbeat(): void }): Promise<CampaignBatchResult> {
    const { tenantId, campaignId, perSecond } = input;
    const { plan, claimed, window, channel } = prepared;
    const dispatched =
      window && !prepared.fatal
        ? await dispatchBatch({ db, temporal, taskQueue, clock, tenantId, campaignId, perSecond, channel, ...run }, window, { sends: claimed.toSend, voices: plan.voices })
        : noneDispatched(prepared.notBefore);
    const sent = [...plan.sent, ...claimed.sent, ...dispatched.sent];
    const failed = [...plan.failed, ...claimed.failed, ...dispatched.failed];
    await db.inTenant(tenantId, async (tx) => {
      await recordOutcomes(tx, campaignId, sent, failed);
      await markSkipped(tx, plan.skipped);
      if (dispatched.declined) await recordDeclined(tx, campaignId, dispatched.declined);
      for (const release of dispatched.released) await releaseDispatch(tx, release.messageId, release.dispatchedAt);
      await markVoiceStarted(tx, dispatched.voicesStarted);
    });
    // Counted once committed: a recipient settled here is never loaded by a later batch or attempt.
    recordCampaignSends({ sent: sent.length, failed: failed.length, skipped: plan.skipped.length });
    // The provider refused the template, maybe before its webhook told the registry: paused unless that says disabled.
    const paused = dispatched.templatePaused ? (pauseReasonOf(await db.inTenant(tenantId, (tx) => sendingConditions(tx, campaignId))) ?? 'template_paused') : undefined;
    const fatal = prepared.fatal ?? dispatched.fatal;
    return {
      lastSeq: prepared.lastSeq,
      exhausted: prepared.exhausted,
      sent: sent.length,
      failed: failed.length,
      skipped: plan.skipped.length,
      deferred: plan.deferred + claimed.deferred + dispatched.deferred + dispatched.voicesStarted.length,
      retryLater: plan.retryLater + prepared.held + dispatched.notSent + dispatched.released.length + plan.voices.length - dispatched.voicesStarted.length,
      notBefore: dispatched.notBefore,
      ...(fatal !== undefined ? { fatal } : {}),
      ...(dispatched.slowDown ? { slowDown: true } : {}),
      ...(paused ? { pause: paused } : {}),
      ...(prepared.capacityAt !== undefined ? { capacityAt: prepared.capacityAt } : {}),
    };
  }

  /** Until the stretch's window opens: a window booked behind other senders' may open seconds from now. */
  async function untilWindow(prepared: PreparedBatch, heartbeat: () => void): Promise<void> {
    while (prepared.window && prepared.window.start - clock.now() > HEARTBEAT_EVERY_MS) {
      await clock.sleep(HEARTBEAT_EVERY_MS);
      heartbeat();
    }
  }

  return async function sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
    const { tenantId, campaignId } = input;
    const activity = Context.current();
    const runEndsAt = clock.now() + RUN_MS;
    const total: CampaignBatchResult = { lastSeq: input.afterSeq, exhausted: false, sent: 0, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
    const heartbeat = () => activity.heartbeat(total.lastSeq);
    const stop = watchForStop(async () => {
      const campaign = await db.inTenant(tenantId, (tx) => tx.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true, cancelRequestedAt: true } }));
      return campaign.cancelRequestedAt ? 'CANCELLED' : campaign.status;
    });
    // A stretch that met a failure, a pause or a request to slow down ends the run: the others stop sending too.
    let ended = false;
    const halted = () => ended || stop.stopped || activity.cancellationSignal.aborted;
    const sending: Promise<void>[] = [];
    let next: Promise<Preparation> | undefined = prepareBatch(input);
    let throttle: number | null | undefined;
    try {
      while (next) {
        const current = await next;
        next = undefined;
        if (current.kind === 'paused') {
          total.pause ??= current.pause;
          ended = true;
          break;
        }
        throttle ??= current.throttle;
        // Another throttle stored meanwhile: the workflow starts the next run at its new rate.
        if (current.throttle !== throttle) break;
        await untilWindow(current, heartbeat);
        // Prepared while the stretch before it sent: what changed since holds it back, and it is left to a later batch.
        const pause = halted() ? undefined : pauseReasonOf(await db.inTenant(tenantId, (tx) => sendingConditions(tx, campaignId)));
        if (pause) {
          // The stretches still sending stop too: the workflow shows the pause only once this run returns.
          total.pause ??= pause;
          ended = true;
        }
        if (halted()) break;
        Object.assign(total, { lastSeq: current.lastSeq, exhausted: current.exhausted });
        // Each stretch sends in its own window, while the next one is prepared and, once its window opens, sends
        // too: a stretch whose slots a busy moment cost sends them in a later window without holding up the others.
        const sent = sendPrepared(input, current, { halted, heartbeat }).then((stretch) => {
          merge(total, stretch);
          if (stretch.fatal !== undefined || stretch.pause !== undefined || stretch.slowDown) ended = true;
          heartbeat();
        });
        sent.catch(() => undefined);
        sending.push(sent);
        if (sending.length > STRETCHES_IN_FLIGHT) await sending.shift();
        if (!current.exhausted && !current.fatal && !halted() && clock.now() < runEndsAt) {
          next = prepareBatch({ ...input, afterSeq: current.lastSeq, notBefore: current.window?.end ?? input.notBefore });
          // Awaited in its turn; until then a failure must not count as unhandled.
          next.catch(() => undefined);
        }
      }
      await Promise.all(sending);
    } finally {
      stop.close();
      // Nothing of this run goes on after the activity: stretches sending, or prepared ahead and not sent.
      await Promise.allSettled([...sending, ...(next ? [next] : [])]);
    }
    return total;
  };
}

/** Adds a stretch's outcomes to the run's; where the run got to is set as each stretch starts sending. */
function merge(total: CampaignBatchResult, stretch: CampaignBatchResult): void {
  for (const key of ['sent', 'failed', 'skipped', 'deferred', 'retryLater'] as const) total[key] += stretch[key];
  total.notBefore = Math.max(total.notBefore, stretch.notBefore);
  if (stretch.capacityAt !== undefined) total.capacityAt = Math.min(total.capacityAt ?? Infinity, stretch.capacityAt);
  for (const key of ['fatal', 'pause', 'slowDown'] as const) if (stretch[key] !== undefined) Object.assign(total, { [key]: stretch[key] });
}
