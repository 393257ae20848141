import { describe, expect, it } from 'vitest';
import type { Rect } from '../../../../core/model/geometry.js';
import { uncovered } from './uncovered.js';

const area = (rs: Rect[]) => rs.reduce((s, r) => s + r.width * r.height, 0);
const inside = (rs: Rect[], x: number, y: number) =>
  rs.some((r) => x > r.x && x < r.x + r.width && y > r.y && y < r.y + r.height);

describe('the part of an array no other covers', () => {
  it('is the whole array when nothing covers it, and nothing when one covers it whole', () => {
    const base = { x: 0, y: 0, width: 10, height: 10 };
    expect(uncovered(base, [])).toEqual([base]);
    expect(uncovered(base, [{ x: 20, y: 0, width: 5, height: 5 }])).toEqual([base]);
    expect(uncovered(base, [{ x: -1, y: -1, width: 12, height: 12 }])).toEqual([]);
  });

  it('leaves disjoint pieces of the right area around overlapping covers', () => {
    const base = { x: 0, y: 0, width: 10, height: 10 };
    const covers = [
      { x: 5, y: 5, width: 10, height: 10 },
      { x: 3, y: 3, width: 4, height: 4 },
    ];
    const parts = uncovered(base, covers);
    // 100 - 25 (first) - (16 - 4 shared with the first) = 63.
    expect(area(parts)).toBeCloseTo(63, 9);
    for (const [x, y] of [
      [1, 1],
      [9, 1],
      [1, 9],
    ])
      expect(inside(parts, x!, y!)).toBe(true);
    for (const [x, y] of [
      [6, 6],
      [4, 4],
    ])
      expect(inside(parts, x!, y!)).toBe(false);
    for (let i = 0; i < parts.length; i++)
      for (let j = i + 1; j < parts.length; j++) {
        const a = parts[i]!;
        const b = parts[j]!;
        expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
      }
  });
});
