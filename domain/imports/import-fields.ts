export const IMPORT_ENTITIES = ['leads', 'properties'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/**
 * The lead fields a spreadsheet can fill: the writable fields of a created lead, less the assigned agent (a UUID
 * nobody's spreadsheet has), plus `lastName`, joined to `name`, since many files split the name in two columns.
 */
export const LEAD_IMPORT_FIELDS = [
  'name',
  'lastName',
  'phone',
  'email',
  'dni',
  'origin',
  'stage',
  'tags',
  'notes',
  'searchZone',
  'searchType',
  'searchOperation',
  'budgetMin',
  'budgetMax',
  'budgetCurrency',
  'roomsMin',
] as const;

/** The writable fields of a created property. */
export const PROPERTY_IMPORT_FIELDS = [
  'externalRef',
  'title',
  'description',
  'price',
  'currency',
  'operation',
  'type',
  'zone',
  'address',
  'rooms',
  'bathrooms',
  'areaM2',
  'status',
  'photoUrls',
] as const;

export type LeadImportField = (typeof LEAD_IMPORT_FIELDS)[number];
export type PropertyImportField = (typeof PROPERTY_IMPORT_FIELDS)[number];
export type ImportField<E extends ImportEntity = ImportEntity> = E extends 'leads' ? LeadImportField : PropertyImportField;

export const IMPORT_FIELDS: Record<ImportEntity, readonly string[]> = { leads: LEAD_IMPORT_FIELDS, properties: PROPERTY_IMPORT_FIELDS };
