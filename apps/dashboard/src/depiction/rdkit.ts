// RDKit MinimalLib (WebAssembly, ~7 MB) is fetched on first use; the .wasm is a static asset of the build.
import type { MainModule } from '@rdkit/rdkit';
import wasmUrl from '@rdkit/rdkit/RDKit_minimal.wasm?url';

let loading: Promise<MainModule> | undefined;

export function loadRdkit(): Promise<MainModule> {
  loading ??= import('@rdkit/rdkit').then(async (module) => {
    const init = ((module as unknown as { default?: typeof module.default }).default ?? module) as unknown as (
      options: unknown,
    ) => Promise<MainModule>;
    return init({ locateFile: () => wasmUrl });
  });
  return loading;
}

/** An SVG depiction from SMILES or a molblock, with 2D coordinates computed when the input has 3D ones. */
export function depict(rdkit: MainModule, molecule: string, width: number, height: number): string | null {
  const mol = rdkit.get_mol(molecule);
  if (!mol) return null;
  try {
    if (molecule.includes('\n')) mol.set_new_coords(true);
    return mol.get_svg(width, height);
  } finally {
    mol.delete();
  }
}
