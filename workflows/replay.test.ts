import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { quietTemporalRuntime } from '../testing/temporal-runtime';
import { bundleWorkflows, WORKFLOWS_PATH } from '../temporal/worker';
import { harnessValue } from '../testing/harness-env';
import * as workflows from './index';

/**
 * Safe deploys: every recorded history in workflows/histories (written by
 * `npm run histories:record`) must replay without a determinism error on the current workflow
 * code. A change that would break running workflows (an activity added, removed or reordered, a
 * timer moved) fails here; gate it behind `patched()` or a new workflow type instead.
 */
const HISTORIES_DIR = path.join(__dirname, 'histories');
const { History } = temporal.api.history.v1;

/** Every workflow type exported from workflows/index.ts has at least one recorded history. */
const RECORDED_TYPES = [
  'archiveImportWorkflow',
  'campaignRunWorkflow',
  'campaignWorkflow',
  'conversationWorkflow',
  'dataImportWorkflow',
  'leadIntakeWorkflow',
  'messageFallbackWorkflow',
  'metaLeadWorkflow',
  'propertyAlertWorkflow',
  'propertyCardWorkflow',
  'templateSyncWorkflow',
  'uploadedArchiveImportWorkflow',
  'uploadedSheetDryRunWorkflow',
  'uploadedSheetPreviewWorkflow',
  'visitWorkflow',
  'voiceMessageWorkflow',
  'voicePreviewWorkflow',
];

interface RecordedHistory {
  file: string;
  workflowType: string;
  history: temporal.api.history.v1.History;
}

/** The files are protobufjs's JSON of a History (see testing/history-recorder.ts): read back with fromObject. */
function loadHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = History.fromObject(JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8')));
      const workflowType = history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
      return { file, workflowType, history };
    });
}

describe('recorded workflow histories replay on the current workflow code', () => {
  const histories = loadHistories();

  beforeAll(quietTemporalRuntime);

  it('has a history for every workflow type in workflows/index.ts', () => {
    expect(RECORDED_TYPES.slice().sort()).toEqual(Object.keys(workflows).sort());
    const recorded = new Set(histories.map((history) => history.workflowType));
    expect(RECORDED_TYPES.filter((type) => !recorded.has(type))).toEqual([]);
    // Named <workflow type in kebab case>.<scenario>.json, so a file says what it holds.
    const kebab = (type: string) => type.replace(/Workflow$/, '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    expect(histories.filter(({ file, workflowType }) => !file.startsWith(`${kebab(workflowType)}.`)).map(({ file }) => file)).toEqual([]);
  });

  /** Replays every history on a bundle; returns the failures and how many were replayed. */
  async function replayAll(workflowBundle: ReplayWorkerOptions['workflowBundle'], sinks?: ReplayWorkerOptions['sinks']) {
    const failures: string[] = [];
    let replayed = 0;
    const results = Worker.runReplayHistories(
      { workflowBundle, ...(sinks ? { sinks } : {}) },
      histories.map(({ file, history }) => ({ workflowId: file, history })),
    );
    for await (const result of results) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    return { failures, replayed };
  }

  it('replays every recorded history without a nondeterminism or other workflow task error', async () => {
    expect(histories.length).toBeGreaterThanOrEqual(RECORDED_TYPES.length);
    expect(await replayAll({ codePath: harnessValue('bundlePath') })).toEqual({ failures: [], replayed: histories.length });
  }, 120_000);

  it.each(['headers', 'spans'] as const)('replays them just the same with the workflow tracing interceptors bundled in (%s: tracing adds headers and spans, never commands)', async (tracing) => {
    const traced = await bundleWorkflows(WORKFLOWS_PATH, { tracing });
    // The workflow spans' sink, as a traced worker has it (a replay never calls it).
    const exporter = { export: { fn: () => undefined } };
    expect(await replayAll(traced, { exporter })).toEqual({ failures: [], replayed: histories.length });
  }, 120_000);
});
