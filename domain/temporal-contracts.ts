/**
 * Names shared by workflows, the worker and the API: task queue defaults, search attributes
 * and workflow ids built from business keys. Nothing else spells these strings.
 */
export const SEARCH_ATTRIBUTES = {
  tenantId: 'AstorTenantId',
  entityId: 'AstorEntityId',
} as const;

/** Registered on the embedded dev server at start and on external clusters when permitted. */
export const SEARCH_ATTRIBUTE_TYPES: Record<(typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES], 'Keyword'> = {
  AstorTenantId: 'Keyword',
  AstorEntityId: 'Keyword',
};

export const workflowIds = {
  smoke: (runKey: string) => `smoke:${runKey}`,
};
