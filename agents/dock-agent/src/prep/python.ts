// Calls python/mad_chem.py (RDKit) with one JSON request; ligand problems come back as { ok: false, reason }.
import { fileURLToPath } from 'node:url';
import { describeFailure, runProcess } from '../engines/process.js';

/** Same relative path from src/prep and dist/prep. */
export const madChemScript = fileURLToPath(new URL('../../python/mad_chem.py', import.meta.url));

export type ChemAnswer<T> = ({ ok: true } & T) | { ok: false; reason: string };

export async function callMadChem<T>(
  python: string,
  request: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ChemAnswer<T>> {
  const result = await runProcess(python, [madChemScript], { stdin: JSON.stringify(request), signal });
  if (result.killedFor) return { ok: false, reason: result.killedFor };
  const answer = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.exitCode !== 0 || !answer.startsWith('{'))
    return { ok: false, reason: describeFailure('mad_chem.py', result) };
  return JSON.parse(answer) as ChemAnswer<T>;
}
