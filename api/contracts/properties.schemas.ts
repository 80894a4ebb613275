import { z } from 'zod';
import { PropertyOperation, PropertyStatus, PropertyType } from '../../prisma/generated/enums';
import { pageQuery, sortParam } from '../http/pagination';
import { currency, listParam, money, optionalText, text } from '../http/schemas';
import { leadSchema } from './leads.schemas';

const httpsUrl = z.url({ protocol: /^https?$/ }).max(2_000);

const propertyFields = {
  externalRef: optionalText(80),
  title: text(200),
  description: optionalText(10_000),
  price: money,
  currency,
  operation: z.enum(PropertyOperation),
  type: z.enum(PropertyType),
  zone: text(120),
  address: optionalText(300),
  rooms: z.number().int().min(0).max(100).nullable().optional(),
  bathrooms: z.number().int().min(0).max(50).nullable().optional(),
  areaM2: z.number().positive().max(1e7).nullable().optional(),
  status: z.enum(PropertyStatus),
  photoUrls: z.array(httpsUrl).max(40),
};

export const createPropertyBody = z.strictObject({
  ...propertyFields,
  currency: currency.default('USD'),
  status: propertyFields.status.default('AVAILABLE'),
  photoUrls: propertyFields.photoUrls.default([]),
});

export const updatePropertyBody = z
  .strictObject(propertyFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'send at least one field to change' });

export const PROPERTY_SORT_FIELDS = ['createdAt', 'price'] as const;

export const listPropertiesQuery = z
  .strictObject({
    operation: z.enum(PropertyOperation).optional(),
    type: listParam(z.enum(PropertyType)).optional(),
    status: listParam(z.enum(PropertyStatus)).optional(),
    zone: text(120).optional(),
    priceMin: z.coerce.number().nonnegative().optional(),
    priceMax: z.coerce.number().nonnegative().optional(),
    currency: currency.optional(),
    roomsMin: z.coerce.number().int().min(0).max(100).optional(),
    q: text(100).optional(),
    sort: sortParam(PROPERTY_SORT_FIELDS),
    ...pageQuery,
  })
  .refine((query) => query.priceMin === undefined || query.priceMax === undefined || query.priceMin <= query.priceMax, {
    message: 'must not exceed priceMax',
    path: ['priceMin'],
  });

export type ListPropertiesQuery = z.output<typeof listPropertiesQuery>;
export const matchesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) });

export const propertySchema = z.object({
  id: z.uuid(),
  externalRef: z.string().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  price: z.number(),
  currency: z.string(),
  operation: z.enum(PropertyOperation),
  type: z.enum(PropertyType),
  zone: z.string(),
  address: z.string().nullable(),
  rooms: z.number().nullable(),
  bathrooms: z.number().nullable(),
  areaM2: z.number().nullable(),
  status: z.enum(PropertyStatus),
  photoUrls: z.array(z.string()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const match = { score: z.number(), reasons: z.array(z.string()) };
export const propertyMatchesSchema = z.object({ items: z.array(z.object({ ...match, property: propertySchema })) });
export const leadMatchesSchema = z.object({ items: z.array(z.object({ ...match, lead: leadSchema })) });
