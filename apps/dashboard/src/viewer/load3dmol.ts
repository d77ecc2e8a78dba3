// 3Dmol.js is ~500 KB minified: it is fetched only when a page shows a 3D view.
import type * as ThreeDmolModule from '3dmol';

type ThreeDmol = typeof ThreeDmolModule;

let loading: Promise<ThreeDmol> | undefined;

export function load3Dmol(): Promise<ThreeDmol> {
  loading ??= import('3dmol').then((module) => (module as unknown as { default?: ThreeDmol }).default ?? module);
  return loading;
}
