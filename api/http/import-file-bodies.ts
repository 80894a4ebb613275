import express, { type RequestHandler } from 'express';

/** A 20 MB spreadsheet, base64-encoded, with its JSON around it. */
const IMPORT_BODY_LIMIT = '28mb';
const IMPORT_PATHS = new Set(['/imports', '/imports/preview']);
const parseLarge = express.json({ limit: IMPORT_BODY_LIMIT });

/**
 * The one exception to the API's 1 MB bodies: a file sent for import, and only by a signed-in caller, so an
 * anonymous client cannot make the API parse 28 MB. Other requests pass to the usual parser.
 */
export const importFileBodies: RequestHandler = (req, res, next) => {
  if (req.method === 'POST' && IMPORT_PATHS.has(req.path) && req.principal) return parseLarge(req, res, next);
  next();
};
