import { z } from 'zod';
import type { createPropertyBody } from '../../api/contracts/properties.schemas';
import type { TenantSettings } from '../tenant-settings';
import { parseArea, splitList } from './cell-values';
import { operationLabels, propertyTypeLabels, statusLabels } from './enum-labels';
import { definedOnly, readAmount, readCount, readCurrency, readEnum } from './field-readers';
import type { RowCheck } from './row-check';
import { rowMessages } from './row-errors';

export type CreatePropertyValues = z.output<typeof createPropertyBody>;

/** The same rules as the API's property contract (api/contracts/properties.schemas.ts); its test holds them together. */
const photoUrl = z.url({ protocol: /^https?$/ }).max(2_000);
const MAX_PHOTOS = 40;

const REQUIRED: Record<'title' | 'price' | 'operation' | 'type' | 'zone', string> = {
  title: 'el título',
  price: 'el precio',
  operation: 'la operación (Venta o Alquiler)',
  type: 'el tipo de propiedad',
  zone: 'la zona',
};

function readArea(row: RowCheck): number | undefined {
  const text = row.text('areaM2');
  if (text === undefined) return undefined;
  const area = parseArea(text);
  if (area === undefined) return row.fail('areaM2', 'not_a_number', rowMessages.notANumber(text));
  return area > 0 && area <= 1e7 ? area : row.fail('areaM2', 'out_of_range', rowMessages.outOfRange(text));
}

function readPhotos(row: RowCheck): string[] | undefined {
  const text = row.text('photoUrls');
  if (text === undefined) return undefined;
  const urls = splitList(text, /[\s,;|]+/);
  const bad = urls.find((url) => !photoUrl.safeParse(url).success);
  if (bad !== undefined) return row.fail('photoUrls', 'invalid_url', rowMessages.invalidUrl(bad));
  return urls.length <= MAX_PHOTOS ? urls : row.fail('photoUrls', 'too_many', rowMessages.tooMany(MAX_PHOTOS));
}

/** One row as the body of a property creation, defaults included, or undefined when refused. */
export function readPropertyRow(row: RowCheck, country: TenantSettings['defaultCountry']): CreatePropertyValues | undefined {
  const price = readAmount(row, 'price', country);
  const values = {
    externalRef: row.text('externalRef', 80),
    title: row.text('title', 200),
    description: row.text('description', 10_000),
    price: price?.value,
    currency: readCurrency(row, 'currency', country) ?? price?.currency ?? 'USD',
    operation: readEnum(row, 'operation', operationLabels),
    type: readEnum(row, 'type', propertyTypeLabels),
    zone: row.text('zone', 120),
    address: row.text('address', 300),
    rooms: readCount(row, 'rooms', 100),
    bathrooms: readCount(row, 'bathrooms', 50),
    areaM2: readArea(row),
    status: readEnum(row, 'status', statusLabels) ?? 'AVAILABLE',
    photoUrls: readPhotos(row) ?? [],
  };
  for (const [field, what] of Object.entries(REQUIRED)) {
    if (values[field as keyof typeof REQUIRED] === undefined) row.fail(field, 'required', rowMessages.required(what));
  }
  const { title, price: amount, operation, type, zone } = values;
  if (row.errors.length > 0 || title === undefined || amount === undefined || operation === undefined || type === undefined || zone === undefined) return undefined;
  return definedOnly({ ...values, title, price: amount, operation, type, zone });
}
