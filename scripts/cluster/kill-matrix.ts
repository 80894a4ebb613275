import type http from 'node:http';
import { startTestApi } from '../../testing/api-harness';
import { useClusterTemporal } from '../../testing/cluster-temporal';
import { keepAliveAgent } from '../bench/webhook-driver';
import { messagesPerAgencyFor } from '../bench/webhook-traffic';
import { campaignDuplicatesSince, campaignPauseMs, campaignSends, campaignStatus, launchCampaign, persistently, startVoiceNote, voiceOutcome, type Campaign, type VoiceNote } from './cluster-deliveries';
import { checkSegment, driveSegment, unprocessedInbound } from './cluster-load';
import { failureLines, matrixTable, type MatrixRow } from './cluster-report';
import { killAndRestart, restartPostgres, startStack, type Stack } from './cluster-stack';
import type { Cleanups } from '../../testing/cleanups';
import { logLine as log, withHarness } from '../../testing/long-run';

/**
 * The kill matrix of the cluster topology: two APIs and two workers on one task queue, the
 * Temporal server persisted in PostgreSQL, under steady signed webhook load (sent alternately to
 * the two APIs, refused deliveries resent as Meta does), a paced campaign and a voice note per
 * fault. In turn: SIGKILL API 1, SIGKILL worker 1, SIGKILL the Temporal server, restart
 * PostgreSQL, each restarted; after each and after the final drain nothing answered 200 may be
 * lost or stored twice, no campaign recipient or voice note sent twice.
 *
 * Run: npm run test:cluster
 *   KILL_MATRIX_RECIPIENTS=2000   campaign recipients (300 for a quick run)
 *   KILL_MATRIX_RATE=40           signed webhooks per second (70 % statuses, 30 % inbound)
 *   KILL_MATRIX_CAMPAIGN_RATE=20  campaign messages per second
 *   KILL_MATRIX_SEGMENT_SECONDS=15  load per fault (the fault strikes at 40 %)
 */
const CONFIG = {
  recipients: Number(process.env.KILL_MATRIX_RECIPIENTS ?? 2_000),
  rate: Number(process.env.KILL_MATRIX_RATE ?? 40),
  campaignRate: Number(process.env.KILL_MATRIX_CAMPAIGN_RATE ?? 20),
  segmentSeconds: Number(process.env.KILL_MATRIX_SEGMENT_SECONDS ?? 15),
  faultAt: 0.4,
  agencies: 20,
  statusWindow: 100,
  drainCapMs: 5 * 60_000,
  campaignCapMs: 10 * 60_000,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const FAULTS: { name: string; strike: (stack: Stack) => Promise<void> }[] = [
  { name: 'SIGKILL API 1', strike: (stack) => killAndRestart(stack.apis[0]!) },
  { name: 'SIGKILL worker 1', strike: (stack) => killAndRestart(stack.workers[0]!) },
  { name: 'SIGKILL Temporal', strike: async (stack) => (await stack.temporal.kill(), await stack.temporal.restart()) },
  { name: 'restart PostgreSQL', strike: () => restartPostgres(log) },
];

interface Segment {
  fault: string;
  note?: VoiceNote;
  timing: { at: number; backAt: number };
  /** When the next fault struck (or the load ended): the end of this fault's window. */
  until: number;
}

/** One fault under load: the voice note is asked for, then the fault strikes and the service is started again. */
async function runSegment(stack: Stack, agent: http.Agent, index: number, perAgency: number, contactsWritten: Set<string>): Promise<{ segment: Segment; row: Promise<MatrixRow> }> {
  const fault = FAULTS[index]!;
  const segment: Segment = { fault: fault.name, timing: { at: NaN, backAt: NaN }, until: Infinity };
  const runKey = `k${index}t${Date.now().toString(36)}`;
  log(`${fault.name}: ${CONFIG.rate}/s for ${CONFIG.segmentSeconds} s, the fault at ${Math.round(CONFIG.faultAt * 100)} %…`);
  const outcomes = await driveSegment(stack, agent, stack.agencies, contactsWritten, {
    runKey,
    rate: CONFIG.rate,
    seconds: CONFIG.segmentSeconds,
    statusRange: { from: index * perAgency, perAgency },
    window: CONFIG.statusWindow,
    seed: 7919 * (index + 1),
    midway: {
      fraction: CONFIG.faultAt,
      action: async () => {
        segment.note = await startVoiceNote(stack, index);
        await sleep(1_500);
        segment.timing.at = Date.now();
        await fault.strike(stack);
        segment.timing.backAt = Date.now();
        log(`${fault.name}: back after ${((segment.timing.backAt - segment.timing.at) / 1000).toFixed(1)} s`);
      },
    },
  });
  log(`${fault.name}: ${outcomes.filter((o) => o.finalCode === 200).length}/${outcomes.length} webhooks accepted, ${outcomes.filter((o) => o.attempts > 1).length} after resends`);
  const row = (async (): Promise<MatrixRow> => {
    const check = await checkSegment(stack, runKey, outcomes, segment.timing, CONFIG.drainCapMs);
    const voice = segment.note ? await voiceOutcome(stack, segment.note) : undefined;
    const failures: string[] = [];
    if (check.neverAccepted) failures.push(`${check.neverAccepted} webhooks never answered 200 within ${180} s of resends`);
    if (check.lost) failures.push(`lost ${check.lost}: ${check.losses.inbound} inbound messages without a row, ${check.losses.statuses} statuses not applied, ${check.losses.statusesPending} statuses of unknown messages`);
    if (check.duplicated) failures.push(`${check.duplicated} provider ids stored more than once`);
    if (check.unprocessed) failures.push(`${check.unprocessed} inbound messages never taken up (processedAt null)`);
    if (check.botRepliesDuplicated) failures.push(`the bot replied twice to ${check.botRepliesDuplicated} messages`);
    if (!voice) failures.push('the voice note was never asked for');
    else {
      if (voice.audioSends !== 1) failures.push(`voice note sent ${voice.audioSends} times`);
      if (voice.events.length !== 1 || !/^voice\.(delivered|read)$/.test(voice.events[0]!)) failures.push(`voice note outcome on the timeline: ${JSON.stringify(voice.events)}; ${voice.diagnosis ?? ''}`);
    }
    if (!Number.isFinite(check.recoveredMs)) failures.push('no inbound message stored after the fault was taken up');
    const voiceSent = voice ? `${voice.audioSends} (${voice.events.join(',') || 'no outcome'}, sent after ${(voice.sentAfterMs / 1000).toFixed(1)} s${voice.generations > 1 ? `, ${voice.generations} generations` : ''})` : '—';
    return { fault: fault.name, accepted: check.accepted, offered: check.offered, resent: check.resent, neverAccepted: check.neverAccepted, lost: check.lost, duplicated: check.duplicated, campaignTwice: 0, voiceSent, campaignPauseMs: NaN, recoveredMs: check.recoveredMs, failures };
  })();
  return { segment, row };
}

/** After the load: the campaign completes and no inbound message is left unprocessed; answers when that held (epoch ms). */
async function drain(stack: Stack, campaign: Campaign): Promise<{ status: string; backlog: { n: number; sample: string[] }; drainedAt: number }> {
  const deadline = Date.now() + CONFIG.campaignCapMs;
  let status = await campaignStatus(stack, campaign);
  while (!['COMPLETED', 'FAILED', 'CANCELLED'].includes(status) && Date.now() < deadline) {
    await sleep(1_000);
    status = await campaignStatus(stack, campaign);
  }
  let backlog = await persistently(unprocessedInbound);
  while (backlog.n > 0 && Date.now() < deadline) {
    await sleep(1_000);
    backlog = await persistently(unprocessedInbound);
  }
  const drainedAt = Date.now();
  log(`drained: campaign ${status}, inbound backlog ${backlog.n}`);
  return { status, backlog, drainedAt };
}

/** The final row: every campaign recipient sent once, nothing left behind, no service died unasked, totals of the faults. */
async function finalRow(stack: Stack, campaign: Campaign, rows: MatrixRow[], drained: Awaited<ReturnType<typeof drain>>, loadEnded: number): Promise<MatrixRow> {
  const failures: string[] = [];
  if (drained.status !== 'COMPLETED') failures.push(`campaign ended ${drained.status}`);
  if (drained.backlog.n) failures.push(`${drained.backlog.n} inbound messages left unprocessed, e.g. ${drained.backlog.sample.join(', ')}`);
  // A late second send would come within seconds of the drain.
  await sleep(Math.max(0, drained.drainedAt + 5_000 - Date.now()));
  const sends = campaignSends(stack);
  const twice = [...sends.values()].filter((times) => times.length > 1).length;
  if (sends.size !== campaign.recipients) failures.push(`campaign reached ${sends.size} of ${campaign.recipients} recipients`);
  if (twice) failures.push(`${twice} campaign recipients sent more than once`);
  for (const service of [...stack.apis, ...stack.workers]) failures.push(...service.crashes);
  const webhooks = stack.graph.webhookStats();
  if (webhooks.abandoned) failures.push(`the fake Graph API gave up on ${webhooks.abandoned} status webhooks (${webhooks.attempts} attempts)`);
  const sum = (pick: (row: MatrixRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
  const voiceTotal = rows.reduce((total, row) => total + (Number.parseInt(row.voiceSent, 10) || 0), 0);
  return { fault: 'end (after the drain)', accepted: sum((r) => r.accepted), offered: sum((r) => r.offered), resent: sum((r) => r.resent), neverAccepted: sum((r) => r.neverAccepted), lost: sum((r) => r.lost), duplicated: sum((r) => r.duplicated), campaignTwice: twice, voiceSent: `${voiceTotal} of ${rows.length}`, campaignPauseMs: NaN, recoveredMs: drained.drainedAt - loadEnded, failures };
}

async function matrix(cleanups: Cleanups): Promise<boolean> {
  const temporal = await useClusterTemporal(() => undefined);
  cleanups.add('cluster Temporal', () => temporal.stop());
  log(`Temporal server persisted in PostgreSQL at ${temporal.address}`);
  const api = await startTestApi();
  cleanups.add('test API clients', () => api.close());
  const perAgency = messagesPerAgencyFor(CONFIG.rate * CONFIG.segmentSeconds, CONFIG.agencies, CONFIG.statusWindow);
  const stack = await startStack(api, temporal, { agencies: CONFIG.agencies, statusMessagesPerAgency: perAgency * FAULTS.length, recipients: CONFIG.recipients }, cleanups.add, log);
  const agent = keepAliveAgent(256);
  cleanups.add('HTTP agent', async () => agent.destroy());
  const started = Date.now();
  const campaign = await launchCampaign(stack, CONFIG.recipients, CONFIG.campaignRate);
  log(`campaign ${campaign.id} launched: ${CONFIG.recipients} recipients at ${CONFIG.campaignRate}/s`);
  const contactsWritten = new Set<string>();
  const pending: Promise<MatrixRow>[] = [];
  const segments: Segment[] = [];
  for (const index of FAULTS.keys()) {
    const { segment, row } = await runSegment(stack, agent, index, perAgency, contactsWritten);
    segments.push(segment);
    pending.push(row);
  }
  const loadEnded = Date.now();
  segments.forEach((segment, index) => (segment.until = segments[index + 1]?.timing.at ?? Infinity));
  log('load stopped: checking each fault and draining…');
  const [rows, drained] = await Promise.all([Promise.all(pending), drain(stack, campaign)]);
  // Measured once the campaign is done, each over its fault's window (to the next fault), so a pause that began in it has ended.
  rows.forEach((row, index) => {
    const { timing, until } = segments[index]!;
    row.campaignPauseMs = campaignPauseMs(stack, timing.at, until);
    row.campaignTwice = campaignDuplicatesSince(stack, timing.at, until);
    if (row.campaignTwice) row.failures.push(`${row.campaignTwice} campaign recipients sent a second time`);
  });
  rows.push(await finalRow(stack, campaign, rows, drained, loadEnded));
  console.log(`\nkill matrix: 2 APIs + 2 workers, Temporal on PostgreSQL; ${CONFIG.rate} webhooks/s for ${CONFIG.segmentSeconds} s per fault, campaign ${CONFIG.recipients} recipients at ${CONFIG.campaignRate}/s, one voice note per fault; wall ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(matrixTable(rows));
  const failures = failureLines(rows);
  console.log(failures.length ? `\nFAILED:\n${failures.map((line) => `  ${line}`).join('\n')}` : '\nall checks passed');
  const problems = [...stack.apis, ...stack.workers].flatMap((service) => service.watch.report());
  if (problems.length) console.log(`\nwhat the services logged as warn/error:\n${problems.map((line) => line.slice(0, 600)).join('\n')}`);
  return failures.length === 0;
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  const passed = await withHarness('matrix', matrix);
  log(`wall time ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
  process.exit(passed ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
