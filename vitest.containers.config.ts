import { defineConfig } from 'vitest/config';

// `npm run test:containers`: the container suite only. It needs a container engine and builds an
// image, so it is kept out of the main `vitest run` (vitest.config.ts excludes test/containers).
export default defineConfig({
  test: {
    include: ['test/containers/**/*.test.ts'],
    testTimeout: 120_000,
    // beforeAll builds the simulator image and starts containers.
    hookTimeout: 300_000,
    // One engine, two cores: containers are started one file at a time.
    fileParallelism: false,
    reporters: ['default'],
  },
});
