# One image for the API, the worker and the web app; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY scripts/prisma-generate.js scripts/prisma-generate.js
COPY prisma/schema.prisma prisma/schema.prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN node node_modules/next/dist/bin/next build web
# The API, the worker and the workflow bundle as plain JavaScript (scripts/service-build.ts).
RUN npm run build:services
ENV WORKFLOW_BUNDLE_PATH=/app/.build/services/workflows.js
EXPOSE 4000 3000
CMD ["node", "--enable-source-maps", "--max-old-space-size=192", ".build/services/api/index.js"]
