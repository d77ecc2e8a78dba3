import { describe, expect, it } from 'vitest';
import { jobObjectKey, keyBelongsToOrg, moleculeObjectKey, safeObjectName, uploadObjectKey } from './keys.js';
import { contentDisposition } from './objects.js';

const org = '0b7c6a52-6f37-4a55-9d6e-2f1f5f0f6d11';
const sha = 'a'.repeat(64);

describe('object keys', () => {
  it('lay out every object under the organisation, content-addressed for molecules and uploads', () => {
    expect(moleculeObjectKey(org, sha, 'imatinib.sdf')).toBe(`orgs/${org}/molecules/${sha}/imatinib.sdf`);
    expect(uploadObjectKey(org, sha, 'library.smi')).toBe(`orgs/${org}/uploads/${sha}/library.smi`);
    expect(jobObjectKey(org, org, 'outputs', 'task 3', 'poses.sdf')).toBe(
      `orgs/${org}/jobs/${org}/outputs/task_3/poses.sdf`,
    );
    expect(keyBelongsToOrg(moleculeObjectKey(org, sha, 'x.pdb'), org)).toBe(true);
    expect(keyBelongsToOrg(moleculeObjectKey(org, sha, 'x.pdb'), '1b7c6a52-6f37-4a55-9d6e-2f1f5f0f6d11')).toBe(false);
  });

  it('never carry what a client typed verbatim: traversal, separators, control characters and empty names', () => {
    expect(safeObjectName('../../etc/passwd')).toBe('passwd');
    expect(safeObjectName('..\\..\\boot.ini')).toBe('boot.ini');
    expect(safeObjectName('..')).toBe('file');
    expect(safeObjectName('')).toBe('file');
    expect(safeObjectName('.hidden')).toBe('hidden');
    expect(safeObjectName('lig\u0000and\r\n.sdf')).toBe('lig_and_.sdf');
    expect(safeObjectName('Ångström ligand (1).mol2')).toBe('Angstrom_ligand_1_.mol2');
    expect(safeObjectName('x'.repeat(500) + '.sdf')).toHaveLength(120);
    expect(() => moleculeObjectKey('../other', sha, 'a')).toThrow(/organisation id/);
    expect(() => moleculeObjectKey(org, 'nothex', 'a')).toThrow(/sha256/);
    expect(() => jobObjectKey(org, org)).toThrow(/at least one/);
  });

  it('quote download names for Content-Disposition without letting quotes or non-ASCII through unescaped', () => {
    expect(contentDisposition('a"b.sdf')).toBe(`attachment; filename="a_b.sdf"; filename*=UTF-8''a%22b.sdf`);
    expect(contentDisposition('é.pdb')).toContain(`filename*=UTF-8''%C3%A9.pdb`);
  });
});
