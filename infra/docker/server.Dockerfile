# The control plane image: the HTTP server (apps/server/dist/main.js, serving the dashboard), the worker
# (apps/server/dist/worker.js), the admin CLI and the migrations (packages/db/dist/cli.js up). Build from the repo root:
#   docker build -f infra/docker/server.Dockerfile -t mad-server .
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
RUN npm i -g pnpm@10.34.9
COPY . .
# Build, then keep only the production dependencies of the server and the packages it uses (the layout stays the
# same, so packages/db still finds migrations/ at the root).
RUN pnpm install --frozen-lockfile \
 && pnpm turbo run build --filter=@mad/server... --filter=@mad/dashboard... \
 && rm -rf node_modules apps/*/node_modules packages/*/node_modules agents/*/node_modules \
 && pnpm install --frozen-lockfile --prod --filter=@mad/server... \
 && rm -rf agents bench apps/dashboard/src apps/dashboard/node_modules

FROM ${NODE_IMAGE}
# Molecule conversion and checks on upload use Open Babel and the system python's RDKit.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openbabel python3-rdkit ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /repo /app
ENV NODE_ENV=production PORT=8080 DASHBOARD_DIR=/app/apps/dashboard/dist
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The worker runs the same image with: node apps/server/dist/worker.js; migrations with: node packages/db/dist/cli.js up
CMD ["node", "apps/server/dist/main.js"]
