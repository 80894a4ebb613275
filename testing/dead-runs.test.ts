import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeFilesOfDeadRuns, runFiles } from './dead-runs';

describe('files of test runs that died without their teardown', () => {
  const DEAD = 4_000_001;
  const LIVE = 4_000_002;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'astor-dead-runs-'));
    for (const pid of [DEAD, LIVE]) {
      const files = runFiles(dir, pid);
      mkdirSync(path.join(files.clusterDir, 'cluster'), { recursive: true });
      mkdirSync(path.join(files.dataDir, 'media'), { recursive: true });
      writeFileSync(files.bundlePath, '// bundle');
    }
    writeFileSync(path.join(dir, 'notes-4000001.txt'), 'not a run file');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are removed, every kind a run creates', () => {
    removeFilesOfDeadRuns(dir, (pid) => pid === LIVE);
    for (const file of Object.values(runFiles(dir, DEAD))) expect(existsSync(file)).toBe(false);
  });

  it('leave the files of live runs and anything else alone', () => {
    removeFilesOfDeadRuns(dir, (pid) => pid === LIVE);
    expect(readdirSync(dir).sort()).toEqual(['data-4000002', 'notes-4000001.txt', 'postgres-4000002', 'workflow-bundle-4000002.js']);
  });
});
