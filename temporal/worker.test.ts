import { WORKFLOWS_PATH } from './worker';

describe('the production workflow bundle', () => {
  it('leaves the smoke workflow to the test harness', async () => {
    const exported = Object.keys((await import(WORKFLOWS_PATH)) as object);
    expect(exported).toContain('campaignWorkflow');
    expect(exported).not.toContain('smokeWorkflow');
  });
});
