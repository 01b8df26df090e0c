# syntax=docker/dockerfile:1
# Sanad: multi-stage image on the current Node LTS, running as the unprivileged `node` user.
ARG NODE_IMAGE=node:lts-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci where the lockfile matches this registry; npm install where a mirror lacks other platforms' optional packages.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
# The web chat widget bundle is copied out of its (dev-only, 486 MB) package into public/vendor
# by postinstall; make sure it is there before the dev packages are pruned.
RUN npx tsx adapters/webchat/copy-bundle.ts && test -s public/vendor/webchat.js \
 && npx tsc --noEmit && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
# WhatsApp drives Debian's Chromium: build with `--build-arg WITH_CHROMIUM=true` to include it (+~480 MB).
ARG WITH_CHROMIUM=false
RUN if [ "$WITH_CHROMIUM" = "true" ]; then \
      apt-get update && apt-get install -y --no-install-recommends chromium fonts-noto-core && rm -rf /var/lib/apt/lists/*; \
    fi
# Containers have no user namespaces for Chromium's sandbox.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 CHROME_PATH=/usr/bin/chromium CHROME_NO_SANDBOX=true
WORKDIR /app
COPY --from=build --chown=node:node /app /app
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
VOLUME ["/app/.data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "bin/sanad.ts"]
