// Ligand preparation for the direct Vina runs: the platform's own preparation code (the agent's mad_chem.py,
// RDKit + Open Babel), so that the engine-overhead comparison measures the engine path and nothing else.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MissingPieceError } from './stack.js';

export interface PreparedLigand {
  name: string;
  pdbqtPath: string;
  seconds: number;
}

export interface PrepareOptions {
  repoRoot: string;
  python: string;
  seed: number;
}

export async function prepareLigand(
  smiles: string,
  name: string,
  outDir: string,
  options: PrepareOptions,
): Promise<PreparedLigand> {
  const script = join(options.repoRoot, 'agents/dock-agent/python/mad_chem.py');
  if (!existsSync(script)) throw new MissingPieceError(`${script} does not exist`);
  const started = performance.now();
  const answer = await new Promise<string>((resolve, reject) => {
    const child = spawn(options.python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(new Error(`preparing ${name} exited ${code}: ${stderr.trim().slice(-300)}`)),
    );
    child.stdin.end(JSON.stringify({ command: 'prepare', name, outDir, seed: options.seed, smiles }));
  });
  const parsed = JSON.parse(answer) as { ok: boolean; reason?: string; preparedPdbqtPath?: string };
  if (!parsed.ok || !parsed.preparedPdbqtPath) throw new Error(`preparing ${name}: ${parsed.reason ?? 'no PDBQT'}`);
  return { name, pdbqtPath: parsed.preparedPdbqtPath, seconds: (performance.now() - started) / 1000 };
}
