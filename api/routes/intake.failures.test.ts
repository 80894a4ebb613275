import request from 'supertest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { INVALID_DATA } from '../../domain/activity-failure-types';
import { workflowIds } from '../../domain/temporal-contracts';
import { conversationWorkflow } from '../../workflows/conversation.workflow';
import { contactKeysFromDatabase, type ContactKeys } from '../../temporal/contact-keys';
import { workflowHandoff } from '../../temporal/workflow-handoff';
import { adminQuery, startTestWorker, workerDeps, type RunningWorker } from '../../testing/harness';
import { apiKeyFor, createStaffedTenant, startTestApi, type TestApi } from '../../testing/api-harness';
import { eventually } from '../../testing/eventually';
import type { LeadSubmission } from '../../workflows/lead-intake.contract';
import { refusalType } from '../../temporal/workflow-refusal';

/** NUL cannot be stored in PostgreSQL text; the HTTP boundary refuses it, so it is handed to the workflow directly. */
const poisoned = (submissionId: string): LeadSubmission => ({ submissionId, origin: 'LANDING', fields: { name: 'Ana\u0000Gómez', searchZone: 'Palermo\u0000' } });

describe('an intake that cannot be applied fails visibly and within its bound', () => {
  let api: TestApi;
  let worker: RunningWorker;
  let tenantId: string;
  let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
  let handoff: ReturnType<typeof workflowHandoff>;
  let keys: ContactKeys;
  const auditRows = (submissionId: string) => adminQuery<{ action: string; after: { reason: string; failureType?: string; leadId: string | null } }>(`SELECT action, after FROM "AuditLog" WHERE "tenantId" = $1 AND entity = 'LeadSubmission' AND "entityId" = $2`, [tenantId, submissionId]);

  beforeAll(async () => {
    api = await startTestApi();
    staff = await createStaffedTenant(api.db, 'Poisoned intake');
    tenantId = staff.tenant.id;
    const taskQueue = api.deps.config.temporal.taskQueue;
    keys = contactKeysFromDatabase(api.db);
    handoff = workflowHandoff(api.temporal, taskQueue, keys);
    worker = await startTestWorker(taskQueue, workerDeps(api.db, api.temporal, taskQueue));
  });

  afterAll(async () => {
    await worker.stop();
    await api.close();
  });

  it('refuses a submission PostgreSQL rejects after one attempt, records it for admins, and keeps the contact’s workflow serving', async () => {
    const phone = '+5491140000001';
    const refused = await handoff.submitLead(tenantId, phone, poisoned('poison-update')).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(refusalType(refused as Error)).toBe(INVALID_DATA);

    const [audit] = await auditRows('poison-update');
    expect(audit).toMatchObject({ action: 'intake.failed', after: { failureType: INVALID_DATA, leadId: null } });
    expect(audit!.after.reason).toContain('22021');
    const { body } = await request(api.app).get('/api/audit-log').set('Authorization', staff.owner.auth).expect(200);
    expect(JSON.stringify(body)).toContain('intake.failed');

    // Not retried: the activity ran once and its one failure is final.
    const history = await api.temporal.workflow.getHandle(workflowIds.leadIntake(tenantId, await keys.of(tenantId, phone))).fetchHistory();
    const upserts = history.events!.filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'upsertLeadFromSubmission').map((event) => String(event.eventId));
    const failed = history.events!.filter((event) => upserts.includes(String(event.activityTaskFailedEventAttributes?.scheduledEventId)));
    expect(failed).toHaveLength(1);
    const started = history.events!.find((event) => upserts.includes(String(event.activityTaskStartedEventAttributes?.scheduledEventId)));
    expect(started?.activityTaskStartedEventAttributes?.attempt).toBe(1);

    const later = await handoff.submitLead(tenantId, phone, { submissionId: 'clean-after-poison', origin: 'LANDING', fields: { name: 'Ana Gómez' } });
    expect(later).toMatchObject({ created: true });
  });

  it('records a signalled submission that fails on the lead’s timeline, and the workflow goes on', async () => {
    const phone = '+5491140000002';
    const lead = await handoff.submitLead(tenantId, phone, { submissionId: 'clean-first', origin: 'WEB', fields: { name: 'Bruno' } });
    await handoff.signalLead(tenantId, phone, poisoned('poison-signal'));
    const events = await eventually(
      () => adminQuery<{ type: string; payload: { submissionId: string; failureType: string } }>(`SELECT type, payload FROM "Event" WHERE "leadId" = $1 AND type = 'lead.submission_failed'`, [lead.leadId]),
      (rows) => rows.length > 0,
    );
    expect(events[0]!.payload).toMatchObject({ submissionId: 'poison-signal', failureType: INVALID_DATA });
    expect(await auditRows('poison-signal')).toHaveLength(1);
    const description = await api.temporal.workflow.getHandle(lead.workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
  });
});

describe('an HTTP request that waits on a workflow update', () => {
  let api: TestApi;

  beforeAll(async () => {
    // No worker polls this API's task queue: the update is never taken up.
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('answers 503 with Retry-After within 10 s when no worker takes the update up', async () => {
    const { tenant } = await createStaffedTenant(api.db, 'No worker');
    const { key } = await apiKeyFor(api.db, tenant.id);
    const response = await request(api.app).post('/api/intake/leads').set('X-Api-Key', key).send({ phone: '+5491140000009', submissionId: 'nobody-listens' }).timeout(10_000);
    expect(response.status).toBe(503);
    expect(response.type).toBe('application/problem+json');
    expect(response.headers['retry-after']).toBe('5');
    await api.temporal.workflow.getHandle(workflowIds.leadIntake(tenant.id, await contactKeysFromDatabase(api.db).of(tenant.id, '+5491140000009'))).terminate('test cleanup');
  }, 20_000);

  it('answers 503 within 10 s when a conversation command waits on a workflow no worker runs', async () => {
    const staff = await createStaffedTenant(api.db, 'No worker inbox');
    const tenantId = staff.tenant.id;
    const workflowId = `no-worker-conversation-${tenantId}`;
    // Never run: no worker polls the queue.
    await api.temporal.workflow.start(conversationWorkflow, { workflowId, taskQueue: api.deps.config.temporal.taskQueue, args: [{ tenantId: staff.tenant.id, channel: 'WHATSAPP_CLOUD' }] });
    const conversation = await api.db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: '+5491140000010' } });
      return tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: '+5491140000010', workflowId } });
    });
    const response = await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', staff.agent.auth).send({}).timeout(10_000);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    await api.temporal.workflow.getHandle(workflowId).terminate('test cleanup');
  }, 20_000);

  it('finds the workflow of a conversation whose first message is not taken up yet, from its contact', async () => {
    const staff = await createStaffedTenant(api.db, 'Not taken up');
    const tenantId = staff.tenant.id;
    const conversation = await api.db.inTenant(tenantId, async (tx) => {
      const lead = await tx.lead.create({ data: { tenantId, phone: '+5491140000011' } });
      return tx.conversation.create({ data: { tenantId, leadId: lead.id, channel: 'WHATSAPP_CLOUD', contact: '+5491140000011' } });
    });
    // The relay's hand-off started the workflow; no worker has run it, so the row names no workflow.
    await workflowHandoff(api.temporal, api.deps.config.temporal.taskQueue, contactKeysFromDatabase(api.db)).inboundMessages(tenantId, 'WHATSAPP_CLOUD', '+5491140000011', []);
    const response = await request(api.app).post(`/api/conversations/${conversation.id}/claim`).set('Authorization', staff.agent.auth).send({}).timeout(10_000);
    // The update reached that workflow and waited for a worker (a wrong id would be a 409, no id a 422).
    expect(response.status).toBe(503);
    const workflowId = workflowIds.conversation(tenantId, 'WHATSAPP_CLOUD', await contactKeysFromDatabase(api.db).of(tenantId, '+5491140000011'));
    await api.temporal.workflow.getHandle(workflowId).terminate('test cleanup');
  }, 20_000);
});
