import { describe, expect, it } from 'vitest';
import {
  AD4_LIGAND_TYPES,
  gridParameterFile,
  gridPoints,
  ligandTypes,
  mapsBox,
  parameterTypes,
  receptorForAutogrid,
  weightsPairPotentialsItself,
} from './ad4-maps.js';

const box = { center: { x: 15.899, y: 3.286, z: 15.133 }, size: { x: 20, y: 10, z: 22.5 } };
const line = (type: string, name = 'C') =>
  `ATOM      1 ${name.padEnd(4)} ALA A   1      11.104  13.207   2.100  0.00  0.00    +0.000 ${type}`;

describe('grid geometry', () => {
  it('covers the box with an even number of 0.375 Å steps per axis', () => {
    expect([20, 10, 22.5, 0.375].map((size) => gridPoints(size))).toEqual([54, 28, 60, 2]);
    expect(mapsBox(box)).toEqual({ center: box.center, size: { x: 20.25, y: 10.5, z: 22.5 } });
  });
});

describe('gridParameterFile', () => {
  const parameters = {
    receptorFile: 'receptor.pdbqt',
    mapsPrefix: 'receptor',
    box,
    spacing: 0.375,
    receptorTypes: ['N', 'HD', 'C', 'OA', 'A', 'NA', 'SA', 'Zn', 'TZ'],
    ligandTypes: AD4_LIGAND_TYPES,
    parameterFile: 'ad4zn.dat',
  };

  it('writes the AutoDock4Zn pair potentials weighted by FE_coeff_vdW for autogrid 4.2.6', () => {
    const gpf = gridParameterFile({ ...parameters, weightPairPotentials: true });
    expect(gpf.split('\n').slice(0, 9)).toEqual([
      'npts 54 28 60',
      'parameter_file ad4zn.dat',
      'gridfld receptor.maps.fld',
      'spacing 0.375',
      'receptor_types N HD C OA A NA SA Zn TZ',
      'ligand_types A C N NA OA S SA HD F Cl Br I P',
      'receptor receptor.pdbqt',
      'gridcenter 15.899 3.286 15.133',
      'smooth 0.5',
    ]);
    expect(gpf).toContain('map receptor.Cl.map\n');
    expect(gpf).toContain('elecmap receptor.e.map\ndsolvmap receptor.d.map\ndielectric -0.1465\n');
    expect(gpf.split('\n').filter((l) => l.startsWith('nbp_r_eps'))).toEqual([
      'nbp_r_eps 0.25 3.858084 12 6 NA TZ',
      'nbp_r_eps 2.1 0.639089 12 6 OA Zn',
      'nbp_r_eps 2.25 1.261691 12 6 SA Zn',
      'nbp_r_eps 1 0.000000 12 6 HD Zn',
      'nbp_r_eps 2 0.000997 12 6 NA Zn',
      'nbp_r_eps 2 0.049295 12 6 N Zn',
    ]);
  });

  it('writes the published eps for autogrid 4.2.7 and later, and only pairs whose types are present', () => {
    const gpf = gridParameterFile({ ...parameters, receptorTypes: ['C', 'Zn'], weightPairPotentials: false });
    expect(gpf.split('\n').filter((l) => l.startsWith('nbp_r_eps'))).toEqual([
      'nbp_r_eps 2.1 3.845300 12 6 OA Zn',
      'nbp_r_eps 2.25 7.591400 12 6 SA Zn',
      'nbp_r_eps 1 0.000000 12 6 HD Zn',
      'nbp_r_eps 2 0.006000 12 6 NA Zn',
      'nbp_r_eps 2 0.296600 12 6 N Zn',
    ]);
    expect(['4.2.6', '4.2.7', '4.2.7.x.2019-07-11', '4.3.0', '5.0.0'].map(weightsPairPotentialsItself)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe('atom types', () => {
  it('leaves receptor atoms without AutoDock 4 parameters out of the maps, and counts them', () => {
    const known = parameterTypes('atom_par C  4.00 0.150\natom_par Zn 1.48 0.550\n# atom_par Na\n');
    expect(known).toEqual(new Set(['C', 'Zn']));
    const { text, types, dropped } = receptorForAutogrid(
      ['REMARK x', line('C'), line('Na', 'NA'), line('Zn', 'ZN'), line('Na', 'NA'), 'TER'].join('\n'),
      known,
    );
    expect(types).toEqual(['C', 'Zn']);
    expect([...dropped]).toEqual([['Na', 2]]);
    expect(text.split('\n')).toEqual([line('C'), line('Zn', 'ZN')]);
  });

  it("reads a ligand's types, macrocycle glue atoms as Vina scores them", () => {
    const ligand = ['ROOT', line('C'), line('CG0'), line('G0'), line('OA', 'O'), line('HD', 'H'), 'ENDROOT'].join('\n');
    expect(ligandTypes(ligand)).toEqual(['C', 'OA', 'HD']);
  });
});
