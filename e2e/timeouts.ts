/**
 * Time limits of the suite's slow steps: about three times the longest each took with one
 * core kept busy by `node -e 'for(;;){}'` on a 2-core machine that other work also loaded
 * (load average 6 to 7). Measured then: a tiny accuracy run 6.5-9.5 s from Evaluate to Done,
 * a test with one or two of them 7-21 s, the tmr-levels study 26-34 s (its test 28-36 s),
 * simulating an array of the MNIST example with the session around it 3-7 s. Every other
 * test took at most 10 s, under the 30 s of e2e/vitest.config.ts.
 */
export const LOADED = {
  /** An accuracy run of the tiny network, weights cached: from Evaluate to Done. */
  tinyRun: 30_000,
  /** A test that makes one or two tiny runs besides its clicks. */
  tinyRunTest: 60_000,
  /** Simulating one 128 x 256 array of the MNIST example. */
  simulateExample: 15_000,
  /** A test that simulates it besides its clicks. */
  simulateExampleTest: 20_000,
  /** The tmr-levels study on 300 images, its network cached. */
  study: 100_000,
  /** The test that runs it. */
  studyTest: 110_000,
} as const;
