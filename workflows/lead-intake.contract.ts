import { defineSignal, defineUpdate } from '@temporalio/workflow';
import type { LeadOrigin, PropertyOperation, PropertyType } from '../prisma/generated/enums';
import { signals, updates } from '../domain/temporal-contracts';

/** A form, ad or first message that tells Astor about a contact. */
export interface LeadSubmission {
  /** Idempotency: the same submission applied twice changes nothing. */
  submissionId: string;
  origin: (typeof LeadOrigin)[keyof typeof LeadOrigin];
  fields: Partial<{
    name: string | null;
    email: string | null;
    dni: string | null;
    searchZone: string | null;
    searchType: (typeof PropertyType)[keyof typeof PropertyType] | null;
    searchOperation: (typeof PropertyOperation)[keyof typeof PropertyOperation] | null;
    budgetMin: number | null;
    budgetMax: number | null;
    budgetCurrency: string | null;
    roomsMin: number | null;
  }>;
  sourceDetails?: Record<string, string | number | boolean | null>;
}

export interface LeadIntakeInput {
  tenantId: string;
  phone: string;
  state?: LeadIntakeState;
}

export interface LeadIntakeState {
  leadId?: string;
  /** Epoch ms of the last message Astor sent this lead (follow-ups count from here). */
  anchorMs?: number;
  followUpsSent: number;
  handled: number;
}

export const leadSubmissionSignal = defineSignal<[LeadSubmission]>(signals.leadSubmission);
export const submitLeadUpdate = defineUpdate<{ leadId: string; created: boolean }, [LeadSubmission]>(updates.submitLead);
