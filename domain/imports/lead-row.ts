import { z } from 'zod';
import type { CreateLeadBody } from '../../api/contracts/leads.schemas';
import { normalizeDni } from '../dni';
import { InvalidPhoneError, normalizePhone } from '../phone';
import type { TenantSettings } from '../tenant-settings';
import { splitList } from './cell-values';
import { originLabels, propertyTypeLabels, operationLabels, stageLabels } from './enum-labels';
import { definedOnly, readAmount, readCount, readCurrency, readEnum } from './field-readers';
import type { RowCheck } from './row-check';
import { rowMessages } from './row-errors';

type Country = TenantSettings['defaultCountry'];

/** The same rules as the API's lead contract (api/contracts/leads.schemas.ts); its test holds them together. */
const email = z.email().max(254);
const TAG = /^[\p{L}\p{N} _.-]+$/u;
const MAX_TAGS = 30;

/** A cell may list several numbers ("11 5555-0202 / 11 4444-3333"); the first one is the lead's. */
function readPhone(row: RowCheck, country: Country): string | undefined {
  const text = row.text('phone');
  if (text === undefined) return undefined;
  const first = splitList(text, /[/;,|]|\s+[oy]\s+/)[0] ?? text;
  try {
    return normalizePhone(first, country);
  } catch (error) {
    if (error instanceof InvalidPhoneError) return row.fail('phone', 'invalid_phone', rowMessages.invalidPhone(text, country));
    throw error;
  }
}

function readEmail(row: RowCheck): string | undefined {
  const text = row.text('email');
  if (text === undefined) return undefined;
  return email.safeParse(text).success ? text : row.fail('email', 'invalid_email', rowMessages.invalidEmail(text));
}

function readDni(row: RowCheck): string | undefined {
  const text = row.text('dni');
  if (text === undefined) return undefined;
  const dni = text.length <= 24 ? normalizeDni(text) : undefined;
  return dni ?? row.fail('dni', 'invalid_dni', rowMessages.invalidDni(text));
}

function readTags(row: RowCheck): string[] | undefined {
  const text = row.text('tags');
  if (text === undefined) return undefined;
  const tags = [...new Set(splitList(text).map((tag) => tag.toLowerCase()))];
  const bad = tags.find((tag) => tag.length > 40 || !TAG.test(tag));
  if (bad !== undefined) return row.fail('tags', 'invalid_tag', rowMessages.invalidTag(bad));
  return tags.length <= MAX_TAGS ? tags : row.fail('tags', 'too_many', rowMessages.tooMany(MAX_TAGS));
}

function readName(row: RowCheck): string | undefined {
  const name = [row.text('name'), row.text('lastName')].filter(Boolean).join(' ');
  if (name.length > 160) return row.fail('name', 'too_long', rowMessages.tooLong(160));
  return name || undefined;
}

/** A stage written as Astor's code or its label in the UI ("Contactado", "Visit booked"). */
function readStage(row: RowCheck) {
  const text = row.text('stage');
  if (text === undefined) return undefined;
  return stageLabels.read(text) ?? row.fail('stage', 'unknown_stage', rowMessages.unknownStage(text, stageLabels.examples));
}

/** An origin Astor knows becomes the lead's; any other ("Zonaprop") is kept in its source details, the lead being IMPORT. */
function readOrigin(row: RowCheck): Pick<CreateLeadBody, 'origin' | 'sourceDetails'> {
  const text = row.text('origin', 500);
  const origin = text === undefined ? undefined : originLabels.read(text);
  if (origin) return { origin };
  return text === undefined ? { origin: 'IMPORT' } : { origin: 'IMPORT', sourceDetails: { origin: text } };
}

/** One row as the body of a lead creation (contact already canonical, as addLead's normalizeContact leaves it), or undefined when refused. */
export function readLeadRow(row: RowCheck, country: Country): CreateLeadBody | undefined {
  const phone = readPhone(row, country);
  const emailAddress = readEmail(row);
  const dni = readDni(row);
  if (!phone && !emailAddress && !dni && !row.failed('phone') && !row.failed('email') && !row.failed('dni')) {
    row.fail('phone', 'missing_contact', rowMessages.missingContact());
  }
  const budgetMin = readAmount(row, 'budgetMin', country);
  const budgetMax = readAmount(row, 'budgetMax', country);
  if (budgetMin && budgetMax && budgetMin.value > budgetMax.value) row.fail('budgetMin', 'budget_order', rowMessages.budgetOrder());
  const values: CreateLeadBody = definedOnly({
    name: readName(row),
    phone,
    email: emailAddress,
    dni,
    ...readOrigin(row),
    stage: readStage(row),
    tags: readTags(row),
    notes: row.text('notes', 5_000),
    searchZone: row.text('searchZone', 120),
    searchType: readEnum(row, 'searchType', propertyTypeLabels),
    searchOperation: readEnum(row, 'searchOperation', operationLabels),
    budgetMin: budgetMin?.value,
    budgetMax: budgetMax?.value,
    budgetCurrency: readCurrency(row, 'budgetCurrency', country) ?? budgetMax?.currency ?? budgetMin?.currency,
    roomsMin: readCount(row, 'roomsMin', 50),
  });
  return row.errors.length === 0 ? values : undefined;
}
