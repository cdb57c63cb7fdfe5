# The contract-kit simulators as a container image, built without pulling anything:
# `contract-kit image build` (or scripts/build-sim-image.sh in a checkout) stages node, its shared
# libraries, the production packages and the built app from this machine
# (docker/stage-sim-image.mjs) and builds this file on that context.
# Layers go from the least to the most often changed, so a code change rebuilds only the last one.
FROM scratch
COPY runtime/ /
COPY modules/ /app/node_modules/
COPY app/ /app/node_modules/contract-kit/
WORKDIR /app
ENV NODE_ENV=production \
    CONTRACT_KIT_PROFILE=documented
# Doris FE, Doris Meta Service, Alluxio coordinator, Klustron ClusterManager (their default ports).
EXPOSE 8030 5000 19999 35001
# src/containers recognises simulator images by this label and reads each API's port from it.
LABEL io.contract-kit.simulator.ports="doris-fe=8030,doris-meta-service=5000,alluxio-coordinator=19999,klustron-cluster-manager=35001"
# Healthy once every port the container listens on answers GET /__contract-kit/health, whichever
# APIs and ports the container was started with (docker/healthcheck.mjs).
HEALTHCHECK --interval=2s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/usr/bin/node", "/app/node_modules/contract-kit/docker/healthcheck.mjs"]
ENTRYPOINT ["/usr/bin/node", "/app/node_modules/contract-kit/docker/sim-entry.mjs"]
