/** Colours of the floorplan canvas (a dark die on a darker page). */
export const THEME = {
  background: '#0e1116',
  die: '#151a21',
  dieEdge: '#6b7a90',
  grid: 'rgba(120,140,170,0.10)',
  gridMajor: 'rgba(120,140,170,0.22)',
  body: '#1c232d',
  bodyEdge: '#7d8ea6',
  driver: '#2b3a4f',
  driverLine: '#5d7898',
  transistor: '#e0b060',
  sense: '#33294a',
  senseLine: '#8a72b8',
  adc: '#3d2d36',
  adcLine: '#b27a8f',
  text: '#d7dde6',
  select: '#39b6ff',
  guide: '#ff8a3d',
  bad: '#ff6b6b',
  /** An array that breaks an electrical rule (its tag's mark). */
  warning: '#f0c040',
  ruler: '#1a1f27',
  rulerEdge: '#2c3440',
  rulerTick: '#56606e',
  rulerText: '#9aa7b8',
} as const;

export const FONT = 'Inter, system-ui, sans-serif';
