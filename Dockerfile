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
EXPOSE 4000 3000
CMD ["node", "--import", "tsx", "api/index.ts"]
