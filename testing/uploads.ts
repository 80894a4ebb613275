import type { Express } from 'express';
import request from 'supertest';

/** Sends a file to the API's uploads (or `path`, e.g. a platform admin's), answering its upload id. */
export async function uploadFile(app: Express, auth: string, fileName: string, bytes: Buffer, path = '/api/uploads'): Promise<string> {
  const { body } = await request(app).post(`${path}?fileName=${encodeURIComponent(fileName)}`).set('Authorization', auth).set('Content-Type', 'application/octet-stream').send(bytes).expect(201);
  return (body as { id: string }).id;
}
