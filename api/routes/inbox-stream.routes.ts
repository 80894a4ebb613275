import { z } from 'zod';
import type { InboxHub } from '../inbox/inbox-hub';
import { openEventStream } from '../http/event-stream';
import { route, type RouteSpec } from '../http/route';
import { actorOf } from '../auth/conversation-actor';

const HEARTBEAT_MS = 25_000;

export function inboxStreamRoutes({ inbox }: { inbox: InboxHub }): RouteSpec[] {
  return [
    route({
      method: 'get',
      path: '/inbox/stream',
      sends: 'event-stream',
      summary: 'Server-sent events: new messages, statuses, assignments and escalations of the conversations I may see',
      tag: 'inbox',
      access: { scope: 'tenant', roles: ['OWNER', 'ADMIN', 'AGENT'] },
      query: z.strictObject({ maxDurationSec: z.coerce.number().int().min(1).max(3_600).optional() }),
      async handler({ req, res, principal, query }) {
        const actor = actorOf(principal);
        // Listened for before subscribing: a client gone while the hub connects ends the request too.
        let ended = false;
        const end = new Promise<void>((resolve) => {
          const finish = () => ((ended = true), resolve());
          req.once('close', finish);
          if (query.maxDurationSec) setTimeout(finish, query.maxDurationSec * 1000).unref();
        });
        // The stream opens (and the page reloads what it shows) only once the hub listens: an event
        // committed in between is held here and sent right after the opening, never missed.
        const held: string[] = [];
        let opened = false;
        const unsubscribe = await inbox.subscribe({
          tenantId: req.tenant!.id,
          accepts: (event) => actor.isAdmin || event.assigneeId === null || event.assigneeId === actor.userId,
          send: (event) => {
            const { tenantId: _tenantId, ...shown } = event;
            const chunk = `event: ${event.type}\ndata: ${JSON.stringify(shown)}\n\n`;
            if (opened) res.write(chunk);
            else held.push(chunk);
          },
        });
        if (!ended) {
          openEventStream(res);
          opened = true;
          for (const chunk of held) res.write(chunk);
          const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
          await end;
          clearInterval(heartbeat);
        }
        unsubscribe();
        res.end();
      },
    }),
  ];
}
