# ree-watch service image: Node 20, the production dependencies, and the bundle scripts/build.js makes of
# src/ and adapters/ (esbuild), so the service starts in well under a second. It runs as the unprivileged
# `node` user, the database on the /data volume. tests/deploy/dockerfile.test.ts replays these steps.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    DATABASE_PATH=/data/ree-watch.db \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app

# The dependencies get a layer of their own, which a source change does not invalidate. npm's prepare
# script (the build) needs the sources, so `npm ci` skips scripts and `npm rebuild` then runs the
# dependencies' own install scripts: better-sqlite3 fetches its prebuilt binary (linux x64 and arm64,
# glibc) and esbuild checks its platform package, so no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild && npm cache clean --force

# The bundle (dist/, never copied from the build context). bin/ree-watch.js runs it while it matches the
# sources beside it, so the sources stay in the image; --strict fails the build rather than ship an image
# that would start through tsx.
COPY tsconfig.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY src ./src
COPY adapters ./adapters
RUN node scripts/build.js --strict
COPY config ./config

# The SQLite database (and the charts /ree chart saves beside it) live on a volume, owned by the unprivileged user.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

EXPOSE 3000
# /healthz answers 503 when the database is unusable; the slim image has no curl, node's fetch does it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1 (exec form, no npm, no shell), so `docker stop`'s SIGTERM reaches the service:
# in-flight sends finish and it exits within 5 s.
STOPSIGNAL SIGTERM
CMD ["node", "bin/ree-watch.js", "start"]
