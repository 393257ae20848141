import { describe, expect, it } from 'vitest';
import { simulation } from '../state/test-fixtures.js';
import { testDesign, testDevice } from '../testing/test-editor.js';
import { heat } from './colors.js';
import { cellColours, NOT_SIMULATED } from './heatmap.js';

describe('cell colours in the IR-drop overlay', () => {
  it('paints an array without a simulation one neutral grey, never a colour of the drop scale', () => {
    const a = testDesign([{}]).arrays[0]!;
    const colours = cellColours(a, testDevice(), 'drop', undefined);
    expect(colours.rgb(0, 0)).toEqual(NOT_SIMULATED);
    expect(colours.rgb(5, 3)).toEqual(NOT_SIMULATED);
    // Not the colour of any drop between 0 and max.
    const [r, g, b] = NOT_SIMULATED;
    for (let t = 0; t <= 1; t += 0.01) {
      const [R, G, B] = heat(t);
      expect(Math.abs(R - r) + Math.abs(G - g) + Math.abs(B - b)).toBeGreaterThan(20);
    }
    // The states overlay still shows the states.
    expect(cellColours(a, testDevice(), 'states', undefined).rgb(0, 0)).not.toEqual(NOT_SIMULATED);
  });

  it('paints a simulated array on the drop scale', () => {
    const a = testDesign([{}]).arrays[0]!;
    const sim = { ...simulation('arr_1', 0.002), dropRows: 1, dropCols: 1, drop: [0.002] };
    expect(cellColours(a, testDevice(), 'drop', sim).rgb(0, 0)).toEqual(heat(1));
  });
});
