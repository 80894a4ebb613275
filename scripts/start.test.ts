import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { harnessValue } from '../testing/harness-env';

const root = path.resolve(__dirname, '..');

function start(env: Record<string, string>) {
  return spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/start.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm start with bad configuration', () => {
  it('stops with one line naming DATABASE_URL when it is malformed', () => {
    const result = start({ DATABASE_URL: 'postgres//missing-colon' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('DATABASE_URL')]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with one line naming TEMPORAL_ADDRESS when Temporal is unreachable', () => {
    const result = start({
      DATABASE_URL: harnessValue('appUrl'),
      DATABASE_ADMIN_URL: harnessValue('adminUrl'),
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('TEMPORAL_ADDRESS 127.0.0.1:1 is unreachable')]);
  });

  it('refuses an application connection that would bypass row-level security', () => {
    const result = start({ DATABASE_URL: harnessValue('adminUrl') });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: DATABASE_URL connects as "postgres", which bypasses row-level security/);
  });
});
