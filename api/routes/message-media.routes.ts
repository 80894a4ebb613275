import { inboundMediaStore } from '../../integrations/media-store/media-store';
import type { AppConfig } from '../../domain/config';
import type { InboundMessage } from '../../domain/messaging';
import type { Database } from '../../prisma/client';
import { AppError } from '../../domain/app-error';
import { route, type RouteSpec } from '../http/route';
import { STAFF } from '../http/access-roles';
import { idParams } from '../http/schemas';

/** Shown in the page; anything else (HTML, SVG, archives…) is only ever downloaded. */
const INLINE = /^(image\/(jpeg|png|webp|gif)|audio\/[\w.+-]+|video\/(mp4|3gpp)|application\/pdf)(;|$)/;

/** The contact's file name, plain ASCII for old clients and in full (RFC 6266) for the rest. */
function attachment(name = 'archivo'): string {
  const kept = [...name].map((char) => (char < ' ' || '"\\/'.includes(char) ? '_' : char)).join('').slice(0, 100);
  return `attachment; filename="${kept.replace(/[^\w. -]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(kept)}`;
}

/** The photos, voice notes and documents contacts sent, as Astor stored them, for the agency's staff. */
export function messageMediaRoutes({ db, config }: { db: Database; config: AppConfig }): RouteSpec[] {
  const store = inboundMediaStore(config);
  return [
    route({
      method: 'get',
      path: '/messages/:id/media',
      sends: 'file',
      summary: 'The photo, voice note or document a contact sent with a message',
      tag: 'inbox',
      access: { scope: 'tenant', roles: STAFF },
      params: idParams,
      async handler({ params, res }) {
        const message = await db.forCurrentTenant((tx) => tx.message.findUnique({ where: { id: params.id }, select: { mediaUrl: true, mimeType: true, content: true } }));
        const bytes = message?.mediaUrl ? await store.get(params.id) : undefined;
        if (!message || !bytes) throw new AppError('not_found', 'No stored media for this message in this agency');
        const type = message.mimeType ?? 'application/octet-stream';
        const inline = INLINE.test(type);
        const filename = (message.content as Partial<InboundMessage>).media?.filename;
        res
          .status(200)
          .set({ 'Content-Type': inline ? type : 'application/octet-stream', 'Content-Disposition': inline ? 'inline' : attachment(filename), 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' })
          .end(Buffer.from(bytes));
      },
    }),
  ];
}
