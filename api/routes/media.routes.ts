import { z } from 'zod';
import { audioContentType } from '../../integrations/media-store/media-keys';
import { voiceAudioStore } from '../../integrations/media-store/media-store';
import { createMediaLinks } from '../../integrations/media-store/media-links';
import type { AppConfig } from '../../domain/config';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';

const params = z.strictObject({ key: z.string().regex(/^[a-z0-9_-][a-z0-9_.-]{7,199}$/i, 'is a media key').refine((key) => !key.includes('..'), 'is a media key') });
const query = z.object({ expires: z.coerce.number().int().positive().optional(), signature: z.string().max(100).optional() });

/**
 * Hosted audio for channels that send a link instead of uploading (ManyChat, UChat, the Web
 * bridge): public, but only through a signed link that has not expired.
 */
export function mediaRoutes({ config }: { config: AppConfig }): RouteSpec[] {
  const store = voiceAudioStore(config);
  const links = createMediaLinks(config);
  return [
    route({
      method: 'get',
      path: '/media/:key',
      sends: 'file',
      summary: 'Audio Astor hosts for a channel to fetch, through a time-limited signed link (no session)',
      tag: 'media',
      access: { scope: 'public' },
      params,
      query,
      async handler({ params: { key }, query: { expires, signature }, res }) {
        if (expires === undefined || signature === undefined || !links.isValid(key, expires, signature)) throw new AppError('forbidden', 'This media link is not valid or has expired');
        const audio = await store.get(key);
        if (!audio) throw new AppError('not_found', 'This media is no longer stored');
        res.status(200).set({ 'Content-Type': audioContentType(key), 'Cache-Control': 'private, max-age=300', 'X-Content-Type-Options': 'nosniff' }).end(Buffer.from(audio));
      },
    }),
  ];
}
