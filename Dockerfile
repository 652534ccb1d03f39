# rede-eletrica: server (API, vector tiles) and the built web console on one port (8000).
FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends gdal-bin ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/bdgd/package.json packages/bdgd/
COPY packages/powerflow/package.json packages/powerflow/
COPY packages/server/package.json packages/server/
COPY packages/web/package.json packages/web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web
ENV NODE_ENV=production PORT=8000 HOST=0.0.0.0
EXPOSE 8000
CMD ["node", "--import", "tsx", "packages/server/src/main.ts"]
