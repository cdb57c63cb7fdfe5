# The contract-kit simulators as a container image, built without pulling anything:
# `scripts/build-sim-image.sh` stages node, its shared libraries, the production packages and the
# built app from this machine (docker/stage-sim-image.mjs) and builds this file on that context.
# Layers go from the least to the most often changed, so a code change rebuilds only the last one.
FROM scratch
COPY runtime/ /
COPY modules/ /app/node_modules/
COPY app/ /app/
WORKDIR /app
ENV NODE_ENV=production \
    CONTRACT_KIT_PROFILE=documented
# Doris FE, Doris Meta Service, Alluxio coordinator, Klustron ClusterManager (their default ports).
EXPOSE 8030 5000 19999 35001
# src/containers recognises simulator images by this label and reads each API's port from it.
LABEL io.contract-kit.simulator.ports="doris-fe=8030,doris-meta-service=5000,alluxio-coordinator=19999,klustron-cluster-manager=35001"
ENTRYPOINT ["/usr/bin/node", "/app/docker/sim-entry.mjs"]
