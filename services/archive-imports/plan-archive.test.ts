import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../domain/app-error';
import { importedId } from './archive-ids';
import { planArchiveImport, type AgencyHoldings, type PlannedRow } from './plan-archive';
import { openAgencyArchive } from './read-archive';
import { jsonl, manifestOf, zipOf } from './testing/archive-zip';
import { LEADS, MESSAGES, writeLargeArchive } from './testing/large-archive';

const noHoldings = (): AgencyHoldings => ({ userIdsByEmail: new Map(), taken: new Map() });

async function planOf(files: Record<string, object[] | string>, holdings = noHoldings()) {
  const rows = Object.fromEntries(Object.entries(files).map(([file, lines]) => [file, typeof lines === 'string' ? lines : jsonl(lines)]));
  const counts = Object.fromEntries(Object.entries(rows).map(([file, text]) => [file, text.split('\n').filter((line) => line.trim()).length]));
  const archive = await openAgencyArchive(await zipOf({ ...rows, 'manifest.json': manifestOf(counts) }));
  const importId = randomUUID();
  const planned: PlannedRow[] = [];
  const plan = await planArchiveImport(archive, { importId, tenantId: randomUUID(), holdings }, async (row) => {
    planned.push(row);
  });
  return { plan, planned, newId: (id: string) => importedId(importId, id) };
}

const refusal = (error: unknown) => (error as AppError).extra.fields?.[0];

describe('planning an archive import, read a line at a time', () => {
  it('follows references to rows planned before and after, empties loose ones to refused rows, and remaps ids in JSON', async () => {
    const [agent, lead, orphanLead, conversation, campaign, parent] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const { plan, planned, newId } = await planOf({
      'tenant.jsonl': [{ settings: { defaultAgentId: agent }, locale: 'es-AR' }],
      'users.jsonl': [{ id: agent, email: 'ana@example.com' }],
      'leads.jsonl': `${jsonl([{ id: lead, phone: '+5491170000001', assignedAgentId: agent }, { id: orphanLead, phone: '+5491170000002', assignedAgentId: randomUUID() }])}\n \t\r\nnot json\n`,
      'conversations.jsonl': [{ id: conversation, leadId: lead, assigneeId: agent }],
      'campaigns.jsonl': [{ id: campaign, parentId: parent, createdById: agent, audience: { leadIds: [lead, orphanLead] } }, { id: parent, createdById: agent }],
      'messages.jsonl': [{ id: randomUUID(), leadId: lead, conversationId: conversation, campaignId: campaign, sentById: agent }],
      'lead-events.jsonl': [{ id: randomUUID(), leadId: lead, actorId: agent, payload: { messageCampaign: campaign } }],
      'webhook-deliveries.jsonl': [{ id: randomUUID() }],
    });
    const created = (file: string) => planned.filter((row) => row.file === file && row.outcome === 'CREATE').map((row) => row.data!);
    expect(created('tenant.jsonl')).toEqual([{ settings: { defaultAgentId: newId(agent) }, locale: 'es-AR' }]);
    expect(planned.filter((row) => row.outcome === 'REFUSE').map(({ file, line, reason }) => ({ file, line, reason }))).toEqual([
      { file: 'leads.jsonl', line: 2, reason: expect.stringContaining('assignedAgentId') },
      { file: 'leads.jsonl', line: 5, reason: 'the line is not valid JSON' },
    ]);
    expect(created('campaigns.jsonl')[0]).toMatchObject({ id: newId(campaign), parentId: newId(parent), createdById: newId(agent), audience: { leadIds: [newId(lead), orphanLead] } });
    expect(created('messages.jsonl')).toEqual([expect.objectContaining({ leadId: newId(lead), conversationId: newId(conversation), campaignId: newId(campaign), sentById: newId(agent) })]);
    expect(created('lead-events.jsonl')).toEqual([expect.objectContaining({ payload: { messageCampaign: newId(campaign) } })]);
    expect(plan.entities.find((entity) => entity.file === 'leads.jsonl')).toEqual({ file: 'leads.jsonl', table: 'Lead', rows: 3, create: 1, merge: 0, refuse: 2 });
    expect(plan.notImported).toEqual([expect.objectContaining({ file: 'webhook-deliveries.jsonl', rows: 1 })]);
  });

  it('links a user the agency has by e-mail, and refuses a value the agency or the archive already holds', async () => {
    const [user, existing] = [randomUUID(), randomUUID()];
    const holdings: AgencyHoldings = { userIdsByEmail: new Map([['ana@example.com', existing]]), taken: new Map([['leads.jsonl:phone', new Set(['["+5491170000001"]'])]]) };
    const { planned } = await planOf(
      {
        'users.jsonl': [{ id: user, email: 'ANA@example.com' }],
        'leads.jsonl': [{ id: randomUUID(), phone: '+5491170000001' }, { id: randomUUID(), phone: '+5491170000002', assignedAgentId: user }, { id: randomUUID(), phone: '+5491170000002' }],
      },
      holdings,
    );
    expect(planned.map(({ outcome, targetId, data }) => ({ outcome, targetId, agent: data?.assignedAgentId }))).toEqual([
      { outcome: 'MERGE', targetId: existing, agent: undefined },
      { outcome: 'REFUSE', targetId: undefined, agent: undefined },
      { outcome: 'CREATE', targetId: expect.any(String), agent: existing },
      { outcome: 'REFUSE', targetId: undefined, agent: undefined },
    ]);
  });

  it('refuses an archive whose entries do not hold the rows its manifest names, or a line longer than any row', async () => {
    const short = await openAgencyArchive(await zipOf({ 'leads.jsonl': jsonl([{ id: randomUUID() }]), 'manifest.json': manifestOf({ 'leads.jsonl': 2 }) }));
    const planning = planArchiveImport(short, { importId: randomUUID(), tenantId: randomUUID(), holdings: noHoldings() }, async () => undefined);
    await expect(planning).rejects.toMatchObject({ code: 'unprocessable', message: expect.stringContaining('leads.jsonl has 1 rows, the manifest says 2') });
    const missing = await openAgencyArchive(await zipOf({ 'manifest.json': manifestOf({ 'messages.jsonl': 3 }) })).catch((error: unknown) => error);
    expect(refusal(missing)).toMatchObject({ path: 'manifest.entities', code: 'invalid_archive' });
    const long = await openAgencyArchive(await zipOf({ 'leads.jsonl': `{"id":"${'x'.repeat(9 * 1024 * 1024)}"}\n`, 'manifest.json': manifestOf({ 'leads.jsonl': 1 }) }));
    const lines = async () => {
      for await (const line of long.lines('leads.jsonl')) void line;
    };
    await expect(lines()).rejects.toMatchObject({ message: 'Line 1 of leads.jsonl is longer than 8 MB' });
  });
});

const HEAP_MB = 128;
describe('planning a large archive', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'astor-archive-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`plans an archive that unpacks to more than a ${HEAP_MB} MB heap within that heap`, async () => {
    const file = path.join(dir, 'agency.zip');
    await writeLargeArchive(file);
    const plan = `
      const { openAgencyArchive } = require(${JSON.stringify(path.join(__dirname, 'read-archive'))});
      const { planArchiveImport } = require(${JSON.stringify(path.join(__dirname, 'plan-archive'))});
      (async () => {
        const archive = await openAgencyArchive(require('node:fs').readFileSync(${JSON.stringify(file)}));
        let bytes = 0;
        const holdings = { userIdsByEmail: new Map(), taken: new Map() };
        const { entities } = await planArchiveImport(archive, { importId: '${randomUUID()}', tenantId: '${randomUUID()}', holdings }, async (row) => { bytes += JSON.stringify(row).length; });
        console.log(JSON.stringify({ entities: entities.filter((entity) => entity.rows > 0), bytes }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', '-e', plan], { maxBuffer: 1024 * 1024 });
    const { entities, bytes } = JSON.parse(stdout) as { entities: { file: string; create: number; refuse: number }[]; bytes: number };
    expect(entities.map(({ file, create, refuse }) => ({ file, create, refuse }))).toEqual([
      { file: 'users.jsonl', create: 1, refuse: 0 },
      { file: 'leads.jsonl', create: LEADS, refuse: 0 },
      { file: 'conversations.jsonl', create: LEADS, refuse: 0 },
      { file: 'messages.jsonl', create: MESSAGES, refuse: 0 },
    ]);
    expect(bytes).toBeGreaterThan(HEAP_MB * 1024 * 1024);
  }, 180_000);
});
