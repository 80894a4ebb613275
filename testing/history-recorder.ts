import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { WithStartWorkflowOperation, type Client, type Workflow, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { FollowUpPlan } from '../activities/lead-intake.activities';
import type { SendMessageResult } from '../activities/messaging.activities';
import type { CampaignBatchInput, CampaignBatchResult, CampaignPlan } from '../activities/campaign.activities';
import type { VisitMessagePlan, VisitPlan } from '../activities/visit.activities';
import type { CampaignFunnel } from '../prisma/repositories/campaign-funnel';
import { workflowIds } from '../domain/temporal-contracts';
import type { VisitStep } from '../domain/visit-steps';
import { adminQuery } from './harness';
import { apiKeyFor, createStaffedTenant, startTestApi, type TestApi } from './api-harness';
import { conversationWorkflowIdOf } from './contact-workflow-ids';
import { eventually } from './eventually';
import { onTemporalClock, skipTime, skipToEnd, TimeSkippingEnv } from './time-skipping';
import { configureWhatsAppChannel, startWhatsAppStack, type TestNumber } from './whatsapp-harness';
import { leadSubmissionSignal, submitLeadUpdate, type LeadSubmission } from '../workflows/lead-intake.contract';
import { visitChangedSignal } from '../workflows/visit.contract';
import { pauseCampaignUpdate, resumeCampaignUpdate, campaignProgressQuery } from '../workflows/campaign.contract';
import {
  campaignRunWorkflow,
  campaignWorkflow,
  conversationWorkflow,
  dataImportWorkflow,
  archiveImportWorkflow,
  uploadedArchiveImportWorkflow,
  uploadedSheetDryRunWorkflow,
  uploadedSheetPreviewWorkflow,
  leadIntakeWorkflow,
  messageFallbackWorkflow,
  metaLeadWorkflow,
  propertyAlertWorkflow,
  propertyCardWorkflow,
  templateSyncWorkflow,
  visitWorkflow,
  voiceMessageWorkflow,
  voicePreviewWorkflow,
} from '../workflows/index';

/**
 * Records the histories workflows/replay.test.ts replays against the current workflow code
 * (`npm run histories:record`; outside `npm test`). Each scenario runs a workflow through the test
 * harness and writes its history to workflows/histories/<workflow type>.<scenario>.json, as
 * protobufjs's JSON of a History, which the replay test reads back with `History.fromObject`. Only
 * test fixtures go in: tenants and ids made up here, phones in the +54 9 11 fixture range, names
 * like "Ana".
 */
const HISTORIES_DIR = path.join(__dirname, '..', 'workflows', 'histories');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PHONE = '+5491100000000';
const TENANT = 'tenant-history-1';

const { History } = temporal.api.history.v1;

/**
 * Writes protobufjs's JSON form of the history (int64 as strings, enums by name, bytes in base64),
 * which `History.fromObject` reads back exactly (checked here). Not `historyToJSON` of
 * @temporalio/common: with this install's two copies of protobufjs (one under
 * @temporalio/common, one under @temporalio/proto) it and `historyFromJSON` throw
 * "type must be a Type" on any history.
 */
async function record(client: Client, workflowId: string, name: string): Promise<void> {
  const history = History.fromObject(await client.workflow.getHandle(workflowId).fetchHistory());
  const json = JSON.stringify(history.toJSON());
  expect(JSON.stringify(History.fromObject(JSON.parse(json)).toJSON())).toBe(json);
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${json}\n`);
}

const sent = (): SendMessageResult => ({ messageId: randomUUID(), providerMessageId: `wamid.${randomUUID()}`, status: 'SENT' });

/** Fake activities for every workflow but the conversation (which runs on the real stack below). */
function fakeActivities() {
  const AUDIENCE = 3;
  let campaignSent = 0;
  const funnel = (): CampaignFunnel => ({ total: AUDIENCE, pending: AUDIENCE - campaignSent, sent: campaignSent, delivered: 0, read: 0, replied: 0, failed: 0, declined: 0, skipped: 0, failures: [] });
  const visit = { status: 'SCHEDULED' as VisitPlan['status'], scheduledAt: 0 };
  let statusPolls = 0;
  const importBatches = [250, 120];
  const archiveBatches = [500, 37];
  const replied = new Set<string>();
  const known = new Set<string>();
  return {
    visit,
    replied,
    activities: {
      // Lead intake
      async loadFollowUpSettings() {
        return { followUpHours: 24, maxFollowUps: 2 };
      },
      async upsertLeadFromSubmission(input: { phone: string; submission: LeadSubmission }) {
        const leadId = `lead-${input.phone.slice(-4)}`;
        const created = !known.has(leadId);
        known.add(leadId);
        return { leadId, created };
      },
      async recordSubmissionFailure() {},
      async planFollowUp(input: { leadId: string; kind: 'welcome' | 'reminder' }): Promise<FollowUpPlan> {
        if (input.kind === 'reminder' && replied.has(input.leadId)) return { action: 'skip', reason: 'lead_replied' };
        return { action: 'send', to: PHONE, content: { kind: 'template', name: `astor_${input.kind}`, language: 'es_AR', bodyParameters: ['Ana'] } };
      },
      // Messaging
      async sendMessage(): Promise<SendMessageResult> {
        return sent();
      },
      async sendThroughFallback(): Promise<SendMessageResult | null> {
        return sent();
      },
      // Campaigns
      async loadCampaignPlan(): Promise<CampaignPlan> {
        return { perSecond: 10, maxPerSecond: 20, quietHours: null, timeZone: 'America/Argentina/Buenos_Aires', startAt: null, cancelledBeforeStart: false };
      },
      async snapshotCampaignAudience() {
        campaignSent = 0;
        return { total: AUDIENCE };
      },
      async setCampaignStatus() {},
      async sendCampaignBatch(input: CampaignBatchInput): Promise<CampaignBatchResult> {
        campaignSent = AUDIENCE;
        return { lastSeq: AUDIENCE, exhausted: true, sent: AUDIENCE, failed: 0, skipped: 0, deferred: 0, retryLater: 0, notBefore: input.notBefore };
      },
      async readCampaignFunnel(): Promise<CampaignFunnel> {
        return funnel();
      },
      async openCampaignRun(input: { campaignId: string }) {
        return { action: 'start' as const, campaignId: input.campaignId };
      },
      async openPropertyAlert(input: { campaignId: string }) {
        return { action: 'start' as const, campaignId: input.campaignId };
      },
      // Visits
      async loadVisitPlan(): Promise<VisitPlan> {
        return { ...visit, timing: { confirmation: true, reminderHoursBefore: 24, followUpHoursAfter: 2 } };
      },
      async planVisitMessage(input: { visitId: string; step: VisitStep; scheduledAt: number }): Promise<VisitMessagePlan> {
        if (input.scheduledAt !== visit.scheduledAt) return { action: 'stale' };
        return { action: 'send', leadId: 'lead-visit', to: PHONE, content: { kind: 'text', body: `${input.step} de la visita` }, idempotencyKey: `visit:${input.visitId}:${input.step}:${input.scheduledAt}` };
      },
      // Voice
      async synthesizeSpeech() {
        return { audioKey: 'voice/fixture-audio.ogg', cached: false, contentType: 'audio/ogg; codecs=opus' };
      },
      async uploadVoiceMedia() {
        return { mediaId: 'media-fixture-1' };
      },
      async messageStatusOf() {
        statusPolls += 1;
        return { status: statusPolls % 2 === 1 ? 'SENT' : 'DELIVERED', errorMessage: null };
      },
      async recordVoiceOutcome() {},
      // Meta lead ads
      async readMetaLead(input: { leadgenId: string; formId: string; pageId: string }) {
        return {
          outcome: 'read' as const,
          phone: PHONE,
          submission: { submissionId: `leadgen:${input.leadgenId}`, origin: 'META_ADS' as const, fields: { name: 'Ana Test' }, sourceDetails: { leadgenId: input.leadgenId, formId: input.formId, pageId: input.pageId } },
        };
      },
      async submitMetaLead() {},
      // Property cards
      async planPropertyCard() {
        return { action: 'send' as const, to: PHONE, content: { kind: 'text' as const, body: 'Depto 2 ambientes en Palermo: https://example.com/p/1' } };
      },
      // Templates
      async syncTemplates() {
        return { configured: true as const, total: 3, created: 1, updated: 2 };
      },
      // Imports: two batches, then nothing left
      async beginImportPhase() {},
      async importNextRows() {
        return importBatches.shift() ?? 0;
      },
      async finishImportPhase() {},
      async nextArchiveRows() {
        return archiveBatches.shift() ?? 0;
      },
      async finishArchiveImport() {},
      // Uploaded files, read for a preview, a dry run and an archive import
      async previewUploadedSheet() {
        return { headers: ['Nombre', 'Teléfono'], rows: 1, sample: [['Ana', '11 5555 0000']], suggested: { Nombre: 'name', Teléfono: 'phone' }, fields: ['name', 'phone'] };
      },
      async dryRunUploadedSheet() {
        return randomUUID();
      },
      async importUploadedArchive() {
        return { id: null, status: 'DRY_RUN' };
      },
    },
  };
}

describe('record workflow histories for replay', () => {
  describe('on Temporal’s clock with fake activities', () => {
    let env: TimeSkippingEnv;
    const fake = fakeActivities();
    beforeAll(async () => {
      env = await TimeSkippingEnv.connect();
    });
    afterAll(() => env.close());

    const start = <T extends Workflow>(workflow: T, args: Parameters<T>, workflowId = `history-${randomUUID()}`): Promise<WorkflowHandle<T>> =>
      env.client.workflow.start(workflow, { workflowId, taskQueue: env.taskQueue, args } as unknown as WorkflowStartOptions<T>);

    async function runToEnd(handle: WorkflowHandle, name: string) {
      await env.skipToEnd(handle);
      await record(env.client, handle.workflowId, name);
    }

    it('records every workflow type but the conversation', async () => {
      await env.withWorker(fake.activities, async () => {
        // Lead intake: a form lead, welcomed, reminded twice, then ended (as workflowHandoff.signalLead).
        const submission = (): LeadSubmission => ({ submissionId: randomUUID(), origin: 'LANDING', fields: { name: 'Ana Test' }, sourceDetails: { form: 'contacto' } });
        const intakeId = workflowIds.leadIntake(TENANT, `contact-${randomUUID()}`);
        const intake = await env.client.workflow.signalWithStart(leadIntakeWorkflow, {
          workflowId: intakeId,
          taskQueue: env.taskQueue,
          args: [{ tenantId: TENANT, phone: '+5491100000001' }],
          signal: leadSubmissionSignal,
          signalArgs: [submission()],
        });
        await env.skip(intake, 12 * HOUR);
        await env.client.workflow.getHandle(intakeId).signal(leadSubmissionSignal, { ...submission(), fields: { name: 'Ana Test', email: 'ana@example.com' } });
        await runToEnd(intake, 'lead-intake.form-welcome-reminders');

        // Lead intake through the update (as workflowHandoff.submitLead); the lead replies, so no reminder.
        fake.replied.add('lead-0002');
        const startOp = new WithStartWorkflowOperation(leadIntakeWorkflow, {
          workflowId: workflowIds.leadIntake(TENANT, `contact-${randomUUID()}`),
          taskQueue: env.taskQueue,
          args: [{ tenantId: TENANT, phone: '+5491100000002' }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        await env.client.workflow.executeUpdateWithStart(submitLeadUpdate, { args: [submission()], startWorkflowOperation: startOp });
        await runToEnd(await startOp.workflowHandle(), 'lead-intake.update-replied');

        // Visit: confirmation at once, reminder the day before, follow-up after; moved once on the way.
        fake.visit.scheduledAt = Date.now() + 3 * DAY;
        const visit = await start(visitWorkflow, [{ tenantId: TENANT, visitId: `visit-${randomUUID()}` }]);
        await env.skip(visit, 12 * HOUR);
        fake.visit.scheduledAt += DAY;
        await visit.signal(visitChangedSignal);
        await runToEnd(visit, 'visit.confirm-move-remind-follow-up');

        // Campaign: a small audience to completion, paused and resumed once.
        const campaign = await start(campaignWorkflow, [{ tenantId: TENANT, campaignId: `campaign-${randomUUID()}` }]);
        await eventually(() => campaign.query(campaignProgressQuery).catch(() => undefined), (progress) => progress !== undefined);
        await campaign.executeUpdate(pauseCampaignUpdate, { args: [{ actorId: 'user-1' }] }).catch(() => undefined);
        await campaign.executeUpdate(resumeCampaignUpdate, { args: [{ actorId: 'user-1' }] }).catch(() => undefined);
        await runToEnd(campaign, 'campaign.small-audience');

        // Campaign run: one firing of a recurring campaign, carried to its end (its child is a campaign).
        await runToEnd(await start(campaignRunWorkflow, [{ tenantId: TENANT, parentId: `campaign-${randomUUID()}` }]), 'campaign-run.completed');

        // Property alert: opens the automatic campaign and starts it.
        await runToEnd(await start(propertyAlertWorkflow, [{ tenantId: TENANT, propertyId: `property-${randomUUID()}`, trigger: 'price_drop', price: '120000', previousPrice: '135000' }]), 'property-alert.price-drop');

        // Voice message: generated, uploaded, sent, delivery polled until confirmed.
        const voiceArgs = { tenantId: TENANT, leadId: 'lead-voice', to: PHONE, text: 'Hola Ana, te confirmo la visita de mañana.', purpose: 'VISIT_CONFIRMATION' as const, requestId: randomUUID() };
        await runToEnd(await start(voiceMessageWorkflow, [voiceArgs]), 'voice-message.delivered');
        await runToEnd(await start(voicePreviewWorkflow, [{ tenantId: TENANT, text: 'Hola Ana, mirá esta propiedad.' }]), 'voice-preview.generated');

        await runToEnd(await start(metaLeadWorkflow, [{ tenantId: TENANT, leadgenId: 'leadgen-fixture-1', pageId: 'page-fixture', formId: 'form-fixture' }]), 'meta-lead.submitted');
        await runToEnd(await start(propertyCardWorkflow, [{ tenantId: TENANT, leadId: 'lead-card', propertyId: 'property-card-1', requestId: randomUUID(), sentById: 'user-1' }]), 'property-card.sent');
        await runToEnd(await start(templateSyncWorkflow, [{ tenantId: TENANT }]), 'template-sync.configured');
        await runToEnd(await start(messageFallbackWorkflow, [{ tenantId: TENANT, messageId: randomUUID() }]), 'message-fallback.sent');
      });
    }, 180_000);

    it('records the data import', async () => {
      await env.withWorker(fake.activities, async () => {
        await runToEnd(await start(dataImportWorkflow, [{ tenantId: TENANT, importId: randomUUID(), phase: 'apply' }]), 'data-import.apply');
      });
    });

    it('records the readings of uploaded files', async () => {
      const upload = { tenantId: TENANT, uploadId: randomUUID() };
      const actor = { type: 'user' as const, id: 'user-1' };
      await env.withWorker(fake.activities, async () => {
        await runToEnd(await start(uploadedSheetPreviewWorkflow, [{ ...upload, entity: 'leads' }]), 'uploaded-sheet-preview.read');
        await runToEnd(await start(uploadedSheetDryRunWorkflow, [{ ...upload, entity: 'leads', actor }]), 'uploaded-sheet-dry-run.planned');
        await runToEnd(await start(uploadedArchiveImportWorkflow, [{ ...upload, actor, dryRun: true }]), 'uploaded-archive-import.dry-run');
      });
    });

    it('records the archive import', async () => {
      await env.withWorker(fake.activities, async () => {
        await runToEnd(await start(archiveImportWorkflow, [{ tenantId: TENANT, importId: randomUUID(), phase: 'apply' }]), 'archive-import.apply');
      });
    });
  });

  describe('on the real stack (API, PostgreSQL, fake WhatsApp Cloud, real activities)', () => {
    let api: TestApi;
    let stack: Awaited<ReturnType<typeof startWhatsAppStack>>;
    let staff: Awaited<ReturnType<typeof createStaffedTenant>>;
    let number: TestNumber;
    let apiKey: string;
    const as = (auth: string, method: 'get' | 'post' | 'patch' | 'put', url: string) => request(api.app)[method](`/api${url}`).set('Authorization', auth);
    const template = (name: string, variables: string[]) => ({ kind: 'template', name, language: 'es_AR', variables });
    const conversations = (contact: string) =>
      adminQuery<{ id: string; assigneeId: string | null; status: string; botActive: boolean }>(
        `SELECT id, "assigneeId", status, "botActive" FROM "Conversation" WHERE "tenantId" = $1 AND contact = $2 ORDER BY "createdAt"`,
        [staff.tenant.id, `+${contact}`],
      );
    const userById = (id: string | null) => [staff.agent, staff.admin].find((user) => user.id === id) ?? staff.admin;

    beforeAll(async () => {
      api = await startTestApi({ env: onTemporalClock() });
      staff = await createStaffedTenant(api.db, 'Histories');
      number = await configureWhatsAppChannel(api.db, staff.tenant.id, 'astor-development-app-secret');
      await api.db.inTenant(staff.tenant.id, (tx) =>
        tx.assistant.create({ data: { tenantId: staff.tenant.id, name: 'Bot', greeting: '¡Hola! ¿Comprar o alquilar?', handoffKeywords: ['asesor'], faq: [{ question: 'horario', answer: 'De 9 a 18.' }] } }),
      );
      const intake = { welcomeTemplate: { name: 'bienvenida', language: 'es_AR' }, followUpTemplate: { name: 'recordatorio', language: 'es_AR' }, followUpHours: 1, maxFollowUps: 1 };
      await as(staff.owner.auth, 'patch', '/tenant').send({ settings: { botEnabled: true, slaMinutes: 1, inactivityCloseHours: 1, assignmentPolicy: 'LEAST_OPEN', ...intake } }).expect(200);
      await as(staff.admin.auth, 'put', '/automations/visitConfirmation').send({ enabled: true, message: template('visita_confirmada', ['{{lead.firstName|hola}}', '{{visit.date}}', '{{visit.time}}']) }).expect(200);
      await as(staff.admin.auth, 'put', '/automations/visitReminder').send({ enabled: true, hoursBefore: 1, message: template('visita_recordatorio', ['{{visit.time}}']) }).expect(200);
      await as(staff.admin.auth, 'put', '/automations/visitFollowUp').send({ enabled: true, hoursAfter: 1, message: template('visita_seguimiento', ['{{agent.name|tu asesor}}']) }).expect(200);
      await as(staff.admin.auth, 'put', '/automations/newListingAlert').send({ enabled: true, message: template('nueva_propiedad', ['{{lead.firstName|hola}}', '{{property.title}}', '{{property.price}}']) }).expect(200);
      apiKey = (await apiKeyFor(api.db, staff.tenant.id)).key;
      for (const user of [staff.agent, staff.admin]) await request(api.app).put('/api/me/availability').set('Authorization', user.auth).send({ availability: 'AVAILABLE' }).expect(200);
      stack = await startWhatsAppStack(api, [number]);
    });
    afterAll(async () => {
      await stack?.stop();
      await api?.close();
    });

    it('bot reply, hand-off, agent reply, close', async () => {
      const contact = '5491164449001';
      await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, name: 'Ana Test', text: 'Hola' });
      await eventually(() => stack.fake.sentTo(contact), (messages) => messages.length >= 1);
      await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, text: '¿Qué horario tienen?' });
      await eventually(() => stack.fake.sentTo(contact), (messages) => messages.length >= 2);
      await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Quiero hablar con un asesor' });
      const [row] = await eventually(() => conversations(contact), (rows) => Boolean(rows[0]?.assigneeId) && rows[0]!.botActive === false);
      const assignee = userById(row!.assigneeId);
      await request(api.app).post(`/api/conversations/${row!.id}/reply`).set('Authorization', assignee.auth).send({ text: 'Hola, te atiendo yo', clientMessageId: randomUUID() }).expect(201);
      await request(api.app).post(`/api/conversations/${row!.id}/close`).set('Authorization', staff.admin.auth).expect(200);
      const workflowId = await conversationWorkflowIdOf(api.db, staff.tenant.id, 'WHATSAPP_CLOUD', `+${contact}`);
      await api.temporal.workflow.getHandle<typeof conversationWorkflow>(workflowId).result();
      await record(api.temporal, workflowId, 'conversation.bot-handoff-reply-close');
    }, 60_000);

    it('SLA escalation to another agent, then inactivity close on the clock', async () => {
      const contact = '5491164449002';
      await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, text: 'Quiero un asesor para ver el depto' });
      const [row] = await eventually(() => conversations(contact), (rows) => Boolean(rows[0]?.assigneeId));
      const workflowId = await conversationWorkflowIdOf(api.db, staff.tenant.id, 'WHATSAPP_CLOUD', `+${contact}`);
      await skipTime(api.temporal, workflowId, 70_000);
      const [escalated] = await eventually(() => conversations(contact), (rows) => rows[0]!.assigneeId !== row!.assigneeId);
      await request(api.app).post(`/api/conversations/${escalated!.id}/reply`).set('Authorization', userById(escalated!.assigneeId).auth).send({ text: 'Hola, te atiendo yo', clientMessageId: randomUUID() }).expect(201);
      expect(await skipTime(api.temporal, workflowId, 3_660_000)).toBe('closed');
      await record(api.temporal, workflowId, 'conversation.sla-inactivity-close');
    }, 60_000);

    it('lead intake from a landing form: welcome, one reminder, end', async () => {
      const { body } = await request(api.app).post('/api/intake/leads').set('X-Api-Key', apiKey).send({ phone: '+5491130009001', name: 'Ana Test', submissionId: 'form-history-1' }).expect(200);
      await eventually(() => stack.fake.sentTo('+5491130009001'), (messages) => messages.length === 1);
      expect(await skipToEnd(api.temporal, body.workflowId)).toEqual({ leadId: body.leadId, followUpsSent: 1 });
      await record(api.temporal, body.workflowId, 'lead-intake.api-form-welcome-reminder');
    }, 60_000);

    it('visit booked through the API: confirmation, reminder, follow-up', async () => {
      const phone = '+5491140009001';
      const leadId = (await as(staff.admin.auth, 'post', '/leads').send({ phone, name: 'Ana Test' }).expect(201)).body.id as string;
      const property = await as(staff.admin.auth, 'post', '/properties').send({ title: 'PH en Boedo', price: 90000, operation: 'RENT', type: 'PH', zone: 'Boedo', address: 'Calle Falsa 123' }).expect(201);
      const scheduledAt = new Date(Date.now() + 3 * HOUR);
      const { body: visit } = await as(staff.admin.auth, 'post', '/visits').send({ leadId, propertyId: property.body.id, agentId: staff.agent.id, scheduledAt: scheduledAt.toISOString() }).expect(201);
      await eventually(() => stack.fake.sentTo(phone), (messages) => messages.length === 1);
      const workflowId = workflowIds.visit(staff.tenant.id, visit.id);
      expect(await skipToEnd(api.temporal, workflowId)).toEqual({ outcome: 'completed', sent: ['confirmation', 'reminder', 'followUp'] });
      await record(api.temporal, workflowId, 'visit.api-confirm-remind-follow-up');
    }, 60_000);

    it('property alert for a new listing, and the campaign it starts, to completion', async () => {
      await as(staff.admin.auth, 'post', '/leads').send({ phone: '+5491140009011', name: 'Ana Test', searchOperation: 'SALE', searchType: 'APARTMENT', searchZone: 'Palermo', budgetMax: 200000, budgetCurrency: 'USD' }).expect(201);
      await as(staff.admin.auth, 'post', '/leads').send({ phone: '+5491140009012', name: 'Beto Test', searchOperation: 'SALE', searchType: 'APARTMENT', searchZone: 'Palermo', budgetMax: 250000, budgetCurrency: 'USD' }).expect(201);
      const { body: property } = await as(staff.admin.auth, 'post', '/properties').send({ title: '3 ambientes en Palermo', price: 180000, currency: 'USD', operation: 'SALE', type: 'APARTMENT', zone: 'Palermo' }).expect(201);
      const alertId = workflowIds.propertyAlert(staff.tenant.id, property.id, 'new_listing', '180000');
      const outcome = (await eventually(() => api.temporal.workflow.getHandle(alertId).result().catch(() => undefined), (value) => value !== undefined)) as { outcome: string; campaignId?: string };
      expect(outcome.outcome).toBe('campaign_started');
      await record(api.temporal, alertId, 'property-alert.api-new-listing');
      const campaignId = workflowIds.campaign(staff.tenant.id, outcome.campaignId!);
      const progress = await api.temporal.workflow.getHandle(campaignId).result();
      expect(progress).toMatchObject({ status: 'COMPLETED' });
      await record(api.temporal, campaignId, 'campaign.api-property-alert');
    }, 60_000);

    it('property card an agent sends into the open conversation', async () => {
      const contact = '5491140009031';
      await stack.fake.deliverInbound(number.phoneNumberId, { from: contact, name: 'Ana Test', text: 'Busco un depto para alquilar' });
      const leadId = await eventually(
        async () => (await adminQuery<{ id: string }>(`SELECT id FROM "Lead" WHERE "tenantId" = $1 AND phone = $2`, [staff.tenant.id, `+${contact}`]))[0]?.id,
        (id) => id !== undefined,
      );
      const { body: property } = await as(staff.admin.auth, 'post', '/properties').send({ title: 'Monoambiente en Caballito', price: 450000, currency: 'ARS', operation: 'RENT', type: 'APARTMENT', zone: 'Caballito', photoUrls: ['https://img.example.com/caballito.jpg'] }).expect(201);
      const card = { propertyId: property.id, requestId: randomUUID() };
      await request(api.app).post(`/api/leads/${leadId}/property-cards`).set('Authorization', staff.agent.auth).send(card).expect(202);
      const workflowId = workflowIds.propertyCard(staff.tenant.id, card.requestId);
      expect(await api.temporal.workflow.getHandle(workflowId).result()).toMatchObject({ outcome: 'sent' });
      await record(api.temporal, workflowId, 'property-card.api-sent');
    }, 60_000);
  });
});
