import { describe, expect, it } from 'vitest';
import { dampedNewton, type NewtonFailure, type NewtonSettings, type NewtonSystem } from './newton.js';

/** One unknown: f(x) = 0, residual r = -f (the Newton step solves f'(x) dx = r). */
function scalar(f: (x: number) => number, df: (x: number) => number, start: number) {
  let x = start;
  let slope = 0;
  const system: NewtonSystem = {
    n: 1,
    read: (out) => void (out[0] = x),
    write: (to) => void (x = to[0]!),
    evaluate(r) {
      r[0] = -f(x);
      slope = df(x);
      return Math.abs(r[0]);
    },
    solve(r, dx) {
      dx[0] = r[0]! / slope;
      return 1;
    },
  };
  return { system, x: () => x };
}

const settings = (over: Partial<NewtonSettings> = {}): NewtonSettings => ({
  tolerance: 1e-12,
  updateTolerance: 1e-9,
  stepFloor: 0,
  stepLimit: Infinity,
  maxIterations: 50,
  maxHalvings: 12,
  ...over,
});
const fail = (f: NewtonFailure) => Object.assign(new Error(f.reason), { failure: f });

describe('damped Newton', () => {
  it('finds the root of x^3 + x - 10 (x = 2) quadratically', () => {
    const p = scalar(
      (x) => x ** 3 + x - 10,
      (x) => 3 * x * x + 1,
      3,
    );
    const out = dampedNewton(p.system, settings(), fail);
    expect(p.x()).toBeCloseTo(2, 14);
    expect(out.residual).toBeLessThanOrEqual(1e-12);
    // From 3: 3 -> 2.3571 -> 2.0428 -> 2.0003 -> 2.00000002 -> 2, then one step to confirm.
    expect(out.iterations).toBeLessThanOrEqual(7);
    expect(out.linearIterations).toBe(1);
  });

  it('no unknown moves more than the step limit: x - 5 from 0 in steps of 1', () => {
    const p = scalar(
      (x) => x - 5,
      () => 1,
      0,
    );
    const out = dampedNewton(p.system, settings({ stepLimit: 1 }), fail);
    expect(p.x()).toBe(5);
    // Five limited steps, then a zero correction below the floor ends it.
    expect(out.iterations).toBe(6);
  });

  it('backtracking brings atan(x) home from x = 2, where plain Newton diverges', () => {
    const atan = () =>
      scalar(
        (x) => Math.atan(x),
        (x) => 1 / (1 + x * x),
        2,
      );
    const damped = atan();
    dampedNewton(damped.system, settings(), fail);
    expect(Math.abs(damped.x())).toBeLessThan(1e-12);
    // Undamped, each step overshoots further until the slope underflows.
    expect(() => dampedNewton(atan().system, settings({ maxHalvings: 0 }), fail)).toThrow(/not-finite|max-iterations/);
  });

  it('gives up with the reason, the iterations and the last residual', () => {
    let error: (Error & { failure?: NewtonFailure }) | undefined;
    try {
      dampedNewton(
        scalar(
          (x) => x * x + 1,
          (x) => 2 * x,
          0.5,
        ).system,
        settings({ maxIterations: 3 }),
        fail,
      );
    } catch (e) {
      error = e as Error;
    }
    expect(error?.failure).toMatchObject({ reason: 'max-iterations', iterations: 3 });
    expect(error!.failure!.residual).toBe(Math.abs(error!.failure!.r[0]!));
    expect(() =>
      dampedNewton(
        scalar(
          () => NaN,
          () => 1,
          0,
        ).system,
        settings(),
        fail,
      ),
    ).toThrow('not-finite');
  });

  it('a start that already solves it takes no step', () => {
    const out = dampedNewton(
      scalar(
        (x) => x - 1,
        () => 1,
        1,
      ).system,
      settings(),
      fail,
    );
    expect(out).toEqual({ iterations: 0, residual: 0, linearIterations: null });
  });
});
