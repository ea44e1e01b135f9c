# syntax=docker/dockerfile:1
# One image for every role: docker-compose.yml runs it as web, worker and channels.
FROM node:24-bookworm-slim

ENV NODE_ENV=production \
    DATA_DIR=/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false

WORKDIR /app

# Dependencies first, from the lock file only, so source edits reuse this layer.
# Dev dependencies are left out: the service runs TypeScript through tsx, a runtime dependency.
COPY package.json package-lock.json .npmrc ./
# Install scripts are skipped here: the only one the image needs, prisma generate, runs below.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY . .

# Generate the Prisma client when the schema is present (the client is not checked in).
RUN if [ -f prisma/schema.prisma ]; then npm run generate; fi \
 && mkdir -p /data \
 && chown node:node /data

USER node
VOLUME ["/data"]
EXPOSE 3000

# The role is chosen by the command: start:web, start:worker, start:channels, or start (all).
CMD ["npm", "run", "start"]
