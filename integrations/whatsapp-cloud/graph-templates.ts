/** Request and response shapes of Graph's `/{waba-id}/message_templates`. */

export type GraphTemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

/** Meta also reports IN_APPEAL, PENDING_DELETION, DELETED, LIMIT_EXCEEDED and ARCHIVED. */
export type GraphTemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | (string & {});

export interface GraphMessageTemplate {
  id: string;
  name: string;
  language: string;
  status: GraphTemplateStatus;
  category: GraphTemplateCategory;
  components: Record<string, unknown>[];
  quality_score?: { score: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN'; date?: number };
  rejected_reason?: string;
}

export interface GraphTemplatePage {
  data: GraphMessageTemplate[];
  paging?: { cursors?: { before?: string; after?: string }; next?: string; previous?: string };
}

export interface GraphTemplateCreateRequest {
  name: string;
  language: string;
  category: GraphTemplateCategory;
  components: Record<string, unknown>[];
}

export interface GraphTemplateCreateResponse {
  id: string;
  status: GraphTemplateStatus;
  category: GraphTemplateCategory;
}

export const TEMPLATE_FIELDS = ['id', 'name', 'language', 'status', 'category', 'components', 'quality_score', 'rejected_reason'] as const;
