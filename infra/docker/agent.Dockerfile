# The compute agent image: agents/dock-agent/dist/main.js with AutoDock Vina, Open Babel and RDKit. It holds no
# database or S3 credentials: only NATS_URL, NATS_USER=agent, NATS_PASSWORD. Build from the repo root:
#   docker build -f infra/docker/agent.Dockerfile -t mad-agent .
# For GPU engines (gnina), build on a CUDA runtime that has Node 20 and the gnina binary, e.g.
#   --build-arg RUNTIME_IMAGE=<your registry>/cuda-node20-gnina:12
ARG NODE_IMAGE=node:20-bookworm-slim
ARG RUNTIME_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
RUN npm i -g pnpm@10.34.9
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm turbo run build --filter=@mad/dock-agent... \
 && rm -rf node_modules apps/*/node_modules packages/*/node_modules agents/*/node_modules \
 && pnpm install --frozen-lockfile --prod --filter=@mad/dock-agent... \
 && rm -rf apps bench

FROM ${RUNTIME_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends autodock-vina openbabel plip python3-rdkit python3-gemmi python3-pdb2pqr autogrid ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /repo /app
ENV NODE_ENV=production AGENT_WORK_DIR=/work
RUN mkdir -p /work && chown node:node /work
USER node
CMD ["node", "agents/dock-agent/dist/main.js"]
