# ree-watch service image. Node 20 runs the TypeScript sources through tsx (a runtime dependency), so
# there is no build step and the development tools (typescript, vitest, biome) are left out.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    DATABASE_PATH=/data/ree-watch.db \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app

# better-sqlite3 and @resvg/resvg-js install prebuilt binaries for linux x64 and arm64 (glibc); no compiler needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY config ./config

# The SQLite database (and the charts /ree chart saves beside it) live on a volume, owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

EXPOSE 3000
# /healthz answers 503 when the database is unusable; the slim image has no curl, node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM (docker stop) lets in-flight sends finish; ree-watch exits within 5 s.
STOPSIGNAL SIGTERM
CMD ["node", "bin/ree-watch.js", "start"]
