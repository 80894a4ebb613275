import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { z } from 'zod';
import type { LeadSubmission } from '../../workflows/lead-intake.contract';
import type { Database } from '../../prisma/client';
import { contactKeysFromDatabase } from '../../temporal/contact-keys';
import { workflowHandoff } from '../../temporal/workflow-handoff';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { refusalReason } from '../../temporal/workflow-refusal';
import { optionalText } from '../http/schemas';
import { searchCriteria } from '../contracts/leads.schemas';
import { normalizeContact } from '../../services/leads/lead-contact';

export const intakeBody = z
  .strictObject({
    phone: z.string().trim().min(6).max(32),
    name: optionalText(160),
    email: z.email().max(254).nullable().optional(),
    dni: z.string().trim().max(24).nullable().optional(),
    origin: z.enum(['META_ADS', 'LANDING', 'WEB', 'REFERRAL', 'IMPORT']).default('LANDING'),
    ...searchCriteria,
    /** The relay's own id for this submission (e.g. Meta's leadgen_id): sending it again changes nothing. */
    submissionId: z.string().trim().min(1).max(120).optional(),
    sourceDetails: z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).optional(),
  })
  .refine((body) => body.budgetMin == null || body.budgetMax == null || body.budgetMin <= body.budgetMax, { message: 'must not exceed budgetMax', path: ['budgetMin'] });

export function intakeRoutes({ db, temporal, taskQueue }: { db: Database; temporal: Client; taskQueue: string }): RouteSpec[] {
  const handoff = workflowHandoff(temporal, taskQueue, contactKeysFromDatabase(db));
  return [
    route({
      method: 'post',
      path: '/intake/leads',
      summary: 'Landing pages and ad-form relays hand in a lead; its intake workflow de-duplicates, welcomes and follows it up',
      tag: 'intake',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'], apiKey: true },
      body: intakeBody,
      response: z.object({ leadId: z.uuid(), created: z.boolean(), workflowId: z.string() }),
      async handler({ body, req }) {
        const tenantId = req.tenant!.id;
        const { phone, submissionId, origin, sourceDetails, ...fields } = normalizeContact(body, req.tenant!.settings);
        const submission: LeadSubmission = { submissionId: submissionId ?? randomUUID(), origin, fields, ...(sourceDetails ? { sourceDetails } : {}) };
        try {
          return await handoff.submitLead(tenantId, phone, submission);
        } catch (error) {
          // The intake workflow refused the submission (and recorded it): the relay must not resend it as is.
          if (error instanceof WorkflowUpdateFailedError) throw new AppError('unprocessable', refusalReason(error));
          throw error;
        }
      },
    }),
  ];
}
