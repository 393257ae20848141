import { cellTemplate, type CellTemplate } from '../netlist/cell-template.js';
import { extractNetlist, wireOhms } from '../netlist/extract.js';
import {
  accessTransistorName,
  cellName,
  inputSourceName,
  nodeName,
  RESISTOR,
  resistorName,
  senseSourceName,
  type Netlist,
} from '../netlist/netlist.js';
import type { ArrayRecord, Design } from '../model/design.js';
import { findArray, findDevice, physicalColumns, rowWidthOverLength } from '../model/design.js';
import { UserError } from '../model/problems.js';
import { hasTransistors, topologyTraits } from '../model/topology.js';
import { SPINPLAN_VERSION } from '../model/version.js';
import { rowInputs } from '../vmm/array-circuit.js';
import {
  behaviouralCurrent,
  comment,
  controlBlock,
  dcSource,
  instance,
  model,
  mosfet,
  num,
  options as optionsCard,
  resistor,
  resistorExpr,
  subckt,
} from './cards.js';

/** Written into every deck's header. Keep in step with package.json. */
export const GENERATOR = `spinplan ${SPINPLAN_VERSION}`;

export interface SpiceOptions {
  /** One array; the whole design when absent (names then carry the array id). */
  arrayId?: string;
  /** Row voltages of that array; V_read on every row when absent. */
  inputs?: Float64Array;
  /** Header date; fixed in golden decks. */
  date?: Date;
  /**
   * How on-transistors are written: 'resistor' (default) is the linear on-resistance the
   * engine simulates, so deck and solver match exactly; 'mosfet' writes level-1 M elements
   * with a .model card, the nonlinear mode's reference.
   */
  transistor?: 'resistor' | 'mosfet';
  /**
   * The nonlinear mode's model, so ngspice is its reference: on-transistors as level-1
   * MOSFETs (whatever `transistor` says), every MTJ with a vHalf as a behavioural current
   * source following TMR(V) = TMR0 / (1 + (V/Vh)^2), and tight Newton tolerances.
   */
  nonlinear?: boolean;
}

/**
 * Tolerances of a nonlinear deck: ngspice's defaults (reltol 1e-3) stop its Newton loop
 * when an update is 1e-3 of the value, too loose for a 1e-6 comparison; these make its
 * answer accurate to about 1e-10 (it converges quadratically, so they cost 1-2 iterations).
 */
const NONLINEAR_OPTIONS = { reltol: 1e-10, abstol: 1e-18, vntol: 1e-13 };

/** Characters per chunk a deck is written in: large enough that a writer makes few system calls, small enough to hold. */
const CHUNK_CHARS = 1 << 18;

/**
 * The whole deck, in one fixed order: title and header comments; .subckt definitions (MTJ
 * with its state as a parameter, the cell); the MOSFET .model; sources; elements (drivers,
 * row wires, cells, column wires, sense); the column ammeters; the .control block; .end.
 *
 * Produced as a stream of text chunks (about 256 K characters each, whole lines), so a deck
 * of any legal size is written in memory bounded by one array's netlist: the largest legal
 * array makes a deck of several gigabytes, more than one JavaScript string can hold. The
 * arguments are checked here, before the first chunk; each array's netlist is extracted
 * when its elements are written and dropped after.
 */
export function spiceDeckChunks(design: Design, options: SpiceOptions = {}): Iterable<string> {
  const arrays = options.arrayId !== undefined ? [requireArray(design, options.arrayId)] : design.arrays;
  if (arrays.length === 0) throw new UserError('the design has no arrays to export');
  if (options.inputs && arrays.length > 1) throw new UserError('an input vector applies to one array: choose it with --array');
  if (options.inputs) rowInputs(design, arrays[0]!.rows, options.inputs);
  const tagged = arrays.length > 1;
  const plans = arrays.map((array) => arrayPlan(design, array, tagged ? `${array.id}_` : ''));
  return inChunks(deckLines(design, plans, options));
}

/** The deck as one string: for small decks (tests, previews); files are written from {@link spiceDeckChunks}. */
export function designToSpice(design: Design, options: SpiceOptions = {}): string {
  let deck = '';
  for (const chunk of spiceDeckChunks(design, options)) deck += chunk;
  return deck;
}

/** What the deck says about an array before its netlist exists: names, sizes and the cell template. */
interface ArrayPlan extends Pick<Netlist, 'tag' | 'topology' | 'template' | 'rows' | 'columns'> {
  array: ArrayRecord;
}

function arrayPlan(design: Design, array: ArrayRecord, tag: string): ArrayPlan {
  const device = findDevice(design, array.device);
  if (!device) throw new UserError(`array ${array.id} uses device ${array.device}, which is not in the design`);
  return {
    array,
    tag,
    topology: array.topology,
    template: cellTemplate(design, array, device),
    rows: array.rows,
    columns: physicalColumns(array),
  };
}

function* inChunks(lines: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let chars = 0;
  for (const line of lines) {
    batch.push(line);
    chars += line.length + 1;
    if (chars >= CHUNK_CHARS) {
      yield `${batch.join('\n')}\n`;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield `${batch.join('\n')}\n`;
}

function* deckLines(design: Design, plans: readonly ArrayPlan[], options: SpiceOptions): Generator<string> {
  const nonlinear = options.nonlinear === true;
  const mosfets = options.transistor === 'mosfet' || nonlinear;
  const date = options.date ?? new Date();

  yield `* Spinplan deck: ${oneLine(design.chip.name)}`;
  yield comment(`generated by ${GENERATOR} on ${date.toISOString()}`);
  yield comment('units: ohm, volt, ampere, siemens (SI); run with: ngspice -b FILE');
  yield comment(
    `transistors: ${mosfets ? `level-1 MOSFET ${design.technology.transistor.modelCard}, gate at ${design.technology.transistor.gateVoltage} V` : `linear on-resistance ${design.technology.transistor.onResistance} ohm (as the engine simulates)`}`,
  );
  if (nonlinear) {
    yield comment(
      'nonlinear read model (spinplan simulate --nonlinear): MTJs with a vHalf follow TMR(V) = TMR0 / (1 + (V/Vh)^2),',
    );
    yield comment('       R_P bias-independent, R_AP(V) = R_P (1 + TMR(V)); a B source carries each such current.');
  }
  yield comment('nodes: r<i>_c<j> row line i at column j; c<j>_r<i> column line j at row i; in<i> row input;');
  yield comment('       r<i>_left/right row line ends; c<j>_bot column end; s<j> sense input at virtual ground.');
  yield comment('i(vsense_<j>) is the current of physical column j into its sense amplifier (positive for positive inputs).');
  for (const plan of plans) yield comment(describeArray(design, plan));

  for (const plan of plans) {
    yield '';
    yield comment(`---- array ${plan.array.id} "${oneLine(plan.array.name)}": subcircuits`);
    yield* cellSubckts(design, plan, mosfets, nonlinear);
  }
  if (mosfets && plans.some((p) => hasTransistors(p.topology))) {
    const t = design.technology.transistor;
    yield '';
    yield comment(`NMOS matching technology.transistor (resources/spice/${t.modelCard}.lib)`);
    // No body effect and no channel-length modulation, as the engine's triode model. A nonlinear deck
    // also turns the bulk junction diodes off (is=0): the engine models the channel alone, and with
    // bulk at ground a row driven below 0 V would forward-bias them.
    const params = { level: 1, vto: t.thresholdVoltage, kp: t.transconductance, gamma: 0, lambda: 0 };
    yield model(t.modelCard, 'nmos', nonlinear ? { ...params, is: 0 } : params);
  }
  if (nonlinear) {
    yield '';
    yield comment('Newton tolerances tight enough to serve as a reference');
    yield optionsCard(NONLINEAR_OPTIONS);
  }

  for (const plan of plans) {
    const net = extractNetlist(design, plan.array.id, plan.tag);
    const inputs = rowInputs(design, net.rows, options.inputs);
    yield '';
    yield comment(
      `---- array ${plan.array.id}: row inputs${options.inputs ? ' (given vector)' : ` (V_read = ${design.technology.readVoltage} V on every row)`}`,
    );
    for (let i = 0; i < net.rows; i++) yield dcSource(inputSourceName(net, i), nodeName(net, net.inputNode[i]!), '0', inputs[i]!);
    if (mosfets && hasTransistors(net.topology))
      yield dcSource(gateSourceName(net), `${net.tag}gate`, '0', design.technology.transistor.gateVoltage);
    yield* elements(design, net, mosfets);
  }

  yield '';
  yield* controlBlock(senseCurrents(plans));
  yield '.end';
}

/** i(vsense_<j>) of every physical column of every array, the currents the control block prints. */
function* senseCurrents(plans: readonly ArrayPlan[]): Generator<string> {
  // From the plan: the prints come after every array's netlist is dropped.
  for (const plan of plans) for (let j = 0; j < plan.columns; j++) yield `i(${senseSourceName(plan, j)})`;
}

function requireArray(design: Design, arrayId: string): ArrayRecord {
  const array = findArray(design, arrayId);
  if (!array)
    throw new UserError(`no array "${arrayId}" in this design (arrays: ${design.arrays.map((a) => a.id).join(', ') || 'none'})`);
  return array;
}

function describeArray(design: Design, plan: ArrayPlan): string {
  const { array, rows, columns } = plan;
  const device = findDevice(design, array.device)!;
  const wire = wireOhms(design, array);
  const t = design.technology;
  return (
    `array ${array.id} "${oneLine(array.name)}": ${rows} rows x ${columns} physical columns (${array.cols} weight column${array.cols === 1 ? '' : 's'}, ${array.mapping}), ` +
    `${array.topology}, drivers ${array.driverSide}, device ${device.id} "${oneLine(device.name)}"; ` +
    `wire ${wire.row} / ${wire.col} ohm per cell (row / column), driver ${t.driverResistance} ohm, sense ${t.senseResistance} ohm`
  );
}

const oneLine = (s: string): string => s.replace(/[\r\n]+/g, ' ');

type Tagged = Pick<Netlist, 'tag'>;
type CellKind = Pick<Netlist, 'tag' | 'topology' | 'template'>;

const subcktName = (base: string, net: Tagged): string => (net.tag ? `${base}_${net.tag.slice(0, -1)}` : base);
const gateSourceName = (net: Tagged): string => (net.tag ? `vgate_${net.tag.slice(0, -1)}` : 'vgate');
const cellHasGate = (net: CellKind, mosfets: boolean): boolean => mosfets && topologyTraits(net.topology).accessTransistor;

/** The MTJ (state as a parameter) and the cell: access transistor, channel segment, device. */
function cellSubckts(design: Design, net: CellKind, mosfets: boolean, nonlinear: boolean): string[] {
  const t: CellTemplate = net.template;
  const law = nonlinear ? t.bias : null;
  const biased = law !== null && law.tmr0 > 0 && Number.isFinite(law.vHalf);
  // (V/Vh)^2 written as a product: ngspice's ** is not defined for a negative base.
  const tmr = (v: string): string =>
    law ? `${num(law.tmr0)} / (1 + (${v} / ${num(law.vHalf)}) * (${v} / ${num(law.vHalf)}))` : '';
  const out: string[] = [];
  const body: string[] = [];
  const ports = cellHasGate(net, mosfets) ? ['row', 'col', 'gate'] : ['row', 'col'];
  let from = 'row';
  if (t.accessOhms > 0) {
    if (mosfets) {
      const tr = design.technology.transistor;
      body.push(comment('access transistor, drain on the row line'));
      body.push(mosfet(accessTransistorName('M'), 'row', 'gate', 'mid', '0', tr.modelCard, tr.widthOverLength * 1e-6, 1e-6));
    } else {
      body.push(comment('access transistor on during read: its linear on-resistance'));
      body.push(resistor(accessTransistorName('R'), 'row', 'mid', t.accessOhms));
    }
    from = 'mid';
  }
  if (t.channelOhms > 0) {
    body.push(comment('the write-channel segment the read current crosses'));
    body.push(resistor('Rch', from, 'ch', t.channelOhms));
    from = 'ch';
  }
  if (t.mtj) {
    const mtj = subcktName('mtj', net);
    out.push(
      ...subckt(
        mtj,
        ['top', 'bot'],
        { p: 0 },
        biased
          ? [
              comment(
                `one MTJ: p=1 parallel (R_P = ${t.mtj.rP} ohm), p=0 antiparallel, R_AP(V) = R_P (1 + TMR(V)), TMR0 = ${num(law.tmr0)}, Vh = ${num(law.vHalf)} V`,
              ),
              behaviouralCurrent('Bmtj', 'top', 'bot', `V(top,bot) / (${num(t.mtj.rP)} * (1 + (1 - p) * ${tmr('V(top,bot)')}))`),
            ]
          : [
              comment(`one MTJ: p=1 parallel (R_P = ${t.mtj.rP} ohm), p=0 antiparallel (R_AP = ${t.mtj.rAP} ohm)`),
              resistorExpr('Rmtj', 'top', 'bot', `p*${t.mtj.rP}+(1-p)*${t.mtj.rAP}`),
            ],
      ),
    );
    body.push(
      comment(
        t.mtj.cells === 1
          ? 'one MTJ; level n = 1 parallel, 0 antiparallel'
          : `${t.mtj.cells} MTJs read in parallel; level n = how many are parallel (MTJ i is parallel when n >= i)`,
      ),
    );
    for (let i = 1; i <= t.mtj.cells; i++) body.push(instance(`Xm${i}`, [from, 'col'], mtj, { p: `{n>=${i}}` }));
    out.push(...subckt(subcktName('cell', net), ports, { n: 0 }, body));
  } else {
    const levels = Array.from(t.levels, (g) => String(g)).join(' ');
    body.push(comment(`the device as its programmed conductance g (siemens); levels: ${levels}`));
    if (biased) {
      // Parallel-area model (devices/bias-law.ts): a fraction x of the window is parallel, the rest follows TMR(V).
      const { gP, gAP } = t.window;
      const x = `((g - ${num(gAP)}) / (${num(gP - gAP)}))`;
      body.push(
        comment(
          `bias-dependent: x = (g - G_AP) / (G_P - G_AP) parallel, I = V G_P (x + (1 - x) / (1 + TMR(V))), TMR0 = ${num(law.tmr0)}, Vh = ${num(law.vHalf)} V`,
        ),
      );
      body.push(
        behaviouralCurrent(
          'Bdev',
          from,
          'col',
          `V(${from},col) * ${num(gP)} * (${x} + (1 - ${x}) / (1 + ${tmr(`V(${from},col)`)}))`,
        ),
      );
    } else body.push(resistorExpr('Rdev', from, 'col', '1/g'));
    out.push(...subckt(subcktName('cell', net), ports, { g: t.levels[0]! }, body));
  }
  return out;
}

/** Drivers, row transistors, row wires, cells, column wires, sense resistors and ammeters; a section only when it has elements. */
function* elements(design: Design, net: Netlist, mosfets: boolean): Generator<string> {
  const r = net.resistors;
  const tr = design.technology.transistor;
  const gate = `${net.tag}gate`;
  function* section(title: string, kind: number): Generator<string> {
    let first = true;
    for (let e = 0; e < r.count; e++) {
      if (r.kind[e] !== kind) continue;
      if (first) {
        yield '';
        yield comment(title);
        first = false;
      }
      const a = nodeName(net, r.a[e]!);
      const b = nodeName(net, r.b[e]!);
      if (kind === RESISTOR.rowTransistor && mosfets)
        yield mosfet(resistorName(net, e, 'M'), a, gate, b, '0', tr.modelCard, rowWidthOverLength(tr) * 1e-6, 1e-6);
      else yield resistor(resistorName(net, e), a, b, r.ohms[e]!);
    }
  }
  yield* section('drivers: output resistance', RESISTOR.driver);
  yield* section(
    `row transistors (${mosfets ? 'MOSFET' : 'linear on-resistance'}), drain on the driver side`,
    RESISTOR.rowTransistor,
  );
  yield* section('row wires: Rw_r<i>_c<k> is the segment left of cell (i, k)', RESISTOR.rowWire);

  yield '';
  yield comment('cells: Xcell_<i>_<j> from row line i to column line j');
  const { rows: R, columns: P, cells, template } = net;
  const cell = subcktName('cell', net);
  const withGate = cellHasGate(net, mosfets);
  // One parameter text per level, not one number formatting per cell.
  const param = Array.from(template.levels, (g, level): Record<string, string | number> =>
    template.mtj ? { n: level } : { g: num(g) },
  );
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < P; j++) {
      const c = i * P + j;
      const nodes = [nodeName(net, cells.a[c]!), nodeName(net, cells.b[c]!)];
      if (withGate) nodes.push(gate);
      yield instance(cellName(net, i, j), nodes, cell, param[cells.level[c]!]!);
    }
  }
  yield* section('column wires: Rw_c<j>_r<i> is the segment below cell (i, j)', RESISTOR.colWire);
  yield* section('sense amplifier input resistance', RESISTOR.sense);
  yield '';
  yield comment('column ammeters: 0 V sources holding the sense inputs at virtual ground');
  for (let j = 0; j < P; j++) yield dcSource(senseSourceName(net, j), nodeName(net, net.senseNode[j]!), '0', 0);
}
