import type { EngineRun } from './types.js';

/** --center_x .. --size_z, the search-box flags common to Vina, smina and gnina. */
export function boxArgs(box: EngineRun['box']): string[] {
  const { center, size } = box;
  return [
    '--center_x',
    fmt(center.x),
    '--center_y',
    fmt(center.y),
    '--center_z',
    fmt(center.z),
    '--size_x',
    fmt(size.x),
    '--size_y',
    fmt(size.y),
    '--size_z',
    fmt(size.z),
  ];
}

/** Search flags shared by the three engines (all take the same names and meanings). */
export function searchArgs(run: EngineRun): string[] {
  const { params } = run;
  return [
    '--exhaustiveness',
    String(params.exhaustiveness),
    '--num_modes',
    String(params.numModes),
    '--energy_range',
    fmt(params.energyRange),
    '--seed',
    String(params.seed),
    '--cpu',
    String(run.cpu),
  ];
}

function fmt(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
