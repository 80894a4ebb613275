-- When a webhook delivery to a deployment (its task queue) was last left unacknowledged (answered 5xx,
-- or abandoned by its sender before the answer): the sender delivers it again later, so a status it
-- carried may come after those of later sends. A send whose answer was lost is not judged unsent from
-- later sends' statuses across such a time.
CREATE TABLE "WebhookRefusal" (
    "taskQueue" TEXT NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookRefusal_pkey" PRIMARY KEY ("taskQueue")
);

REVOKE DELETE ON "WebhookRefusal" FROM astor_app;
