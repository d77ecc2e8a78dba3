// RDKit MinimalLib (WASM), loaded once per process. Calls are synchronous, so capturing RDKit's log around one call
// gives exactly that call's messages (parse errors with their SMILES position, valence problems).
import rdkitPackage, { type MainModule, type Mol } from '@rdkit/rdkit';

// The package is CommonJS with an ES-style declaration: its default export is the factory at run time.
type Factory = () => Promise<MainModule>;
const initRDKitModule = ((rdkitPackage as unknown as { default?: Factory }).default ??
  rdkitPackage) as unknown as Factory;

let loading: Promise<MainModule> | undefined;

/** Whether this thread has loaded RDKit (its WASM heap, which never shrinks, lives as long as the thread). */
export const rdkitLoaded = (): boolean => loading !== undefined;

/** The RDKit module; the first call loads the WASM binary (about a second). */
export function loadRDKit(): Promise<MainModule> {
  loading ??= initRDKitModule().then((rdkit: MainModule) => {
    rdkit.disable_logging();
    return rdkit;
  });
  return loading;
}

export interface ParsedMol {
  mol: Mol | null;
  /** RDKit's own words when parsing failed, one line per message, timestamps removed. */
  messages: string[];
}

/** Parses a SMILES or a MDL molblock; the caller must mol.delete(). */
export function parseWithLog(rdkit: MainModule, input: string, options: Record<string, unknown> = {}): ParsedMol {
  const log = rdkit.set_log_capture('rdApp.*');
  try {
    const mol = rdkit.get_mol(input, JSON.stringify(options));
    const messages = (log?.get_buffer() ?? '')
      .split('\n')
      .map((line) => line.replace(/^\[\d\d:\d\d:\d\d\]\s*/, '').trim())
      .filter((line) => line.length > 0);
    if (mol && (!mol.is_valid() || mol.get_num_atoms() === 0)) {
      mol.delete();
      return { mol: null, messages: messages.length ? messages : ['no atoms'] };
    }
    return { mol, messages };
  } finally {
    log?.clear_buffer();
    log?.delete();
    rdkit.disable_logging();
  }
}
