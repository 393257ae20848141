import { describe, expect, it } from 'vitest';
import { describeJobTime, etaSeconds, formatDuration } from './job-time.js';

describe('job time', () => {
  it('estimates the time left from the pace so far', () => {
    // A quarter done in 30 s: 90 s to go.
    expect(etaSeconds(30, 0.25)).toBeCloseTo(90, 10);
    // Counted from 0.4 (a phase that started there): 0.1 of the bar in 20 s, 0.5 left, 100 s.
    expect(etaSeconds(20, 0.5, 0.4)).toBeCloseTo(100, 10);
    expect(etaSeconds(5, 1)).toBe(0);
  });

  it('gives no estimate while too little is done to tell', () => {
    expect(etaSeconds(30, 0.005)).toBeNull();
    expect(etaSeconds(0.1, 0.5)).toBeNull();
    expect(etaSeconds(30, 0.4, 0.4)).toBeNull();
    expect(etaSeconds(NaN, 0.5)).toBeNull();
  });

  it('says durations as people read them', () => {
    expect(formatDuration(0.4)).toBe('0 s');
    expect(formatDuration(8.4)).toBe('8 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(describeJobTime(100, 130)).toBe('1 min 40 s elapsed, about 2 min 10 s left');
    expect(describeJobTime(3, null)).toBe('3 s elapsed');
    expect(describeJobTime(3, 0)).toBe('3 s elapsed');
  });
});
