import type { CreateLeadBody, UpdateLeadBody } from '../../api/contracts/leads.schemas';

export type CreateLead = CreateLeadBody;
export type UpdateLead = UpdateLeadBody;
