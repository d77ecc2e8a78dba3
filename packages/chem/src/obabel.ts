// Open Babel as a subprocess, for the formats RDKit MinimalLib does not read (MOL2, PDBQT, PDB ligands).
import { execFile } from 'node:child_process';

export interface ObabelOptions {
  binary?: string;
  timeoutMs?: number;
}

function runObabel(args: string[], input: string, options: ObabelOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      options.binary ?? 'obabel',
      args,
      { timeout: options.timeoutMs ?? 20_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) =>
        error ? reject(new Error(`Open Babel failed: ${stderr.trim() || error.message}`)) : resolve(stdout),
    );
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Converts the first molecule of text to an MDL molblock; rejects with Open Babel's message when it reads none. */
export async function obabelToMolblock(
  text: string,
  inFormat: 'mol2' | 'pdbqt' | 'pdb',
  options: ObabelOptions = {},
): Promise<string> {
  // PDBQT keeps only polar hydrogens and Open Babel then reads carbons as radicals; going through PDB restores implicit H.
  const input = inFormat === 'pdbqt' ? await runObabel(['-ipdbqt', '-opdb', '-l', '1'], text, options) : text;
  const molblock = await runObabel(
    [`-i${inFormat === 'pdbqt' ? 'pdb' : inFormat}`, '-osdf', '-l', '1'],
    input,
    options,
  );
  if (!molblock.includes('M  END')) throw new Error('Open Babel read no molecule from it');
  return molblock;
}
