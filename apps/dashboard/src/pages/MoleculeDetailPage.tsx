// One molecule: a receptor's chains and hetero (HETATM) groups with the 3D view, or a ligand's depiction and
// properties.
import { useMoleculeText } from '../lib/useStructureText.js';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { StructuresOfCompound } from './compound-structures.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { ErrorState, QueryView } from '../ui/states.js';
import { DataTable } from '../ui/table.js';
import { Depiction } from '../depiction/Depiction.js';
import { Viewer3D } from '../viewer/LazyViewer.js';
import { fixed } from '../lib/format.js';

interface ChainSummary {
  id: string;
  residues: number;
  atoms: number;
  firstResSeq: number;
  lastResSeq: number;
}
interface HetGroup {
  resName: string;
  chain: string;
  resSeq: number;
  atoms: number;
}

type NumericProperty =
  'molecularWeight' | 'heavyAtoms' | 'clogP' | 'tpsa' | 'hbd' | 'hba' | 'rotatableBonds' | 'formalCharge';

const LIGAND_PROPERTIES: [key: NumericProperty, label: string, digits: number][] = [
  ['molecularWeight', 'Molecular weight (g/mol)', 2],
  ['heavyAtoms', 'Heavy atoms', 0],
  ['clogP', 'cLogP', 2],
  ['tpsa', 'TPSA (Å²)', 1],
  ['hbd', 'H-bond donors', 0],
  ['hba', 'H-bond acceptors', 0],
  ['rotatableBonds', 'Rotatable bonds', 0],
  ['formalCharge', 'Formal charge', 0],
];

/** The organisation's structures of this ligand's compound (same InChIKey), read by molecules.list. */
function CompoundStructures({ moleculeId, inchikey }: { moleculeId: string; inchikey: string }) {
  const structures = useQuery(trpc.molecules.list.queryOptions({ inchikey, limit: 50 }));
  return (
    <StructuresOfCompound
      moleculeId={moleculeId}
      structures={structures.data?.molecules ?? []}
      more={Boolean(structures.data?.nextCursor)}
    />
  );
}

export default function MoleculeDetailPage({ params }: { params: Record<string, string> }) {
  const can = useCan();
  const molecule = useQuery(trpc.molecules.get.queryOptions({ moleculeId: params.moleculeId! }));
  const structure = useMoleculeText(molecule.data?.sourceFormat === 'smiles' ? null : params.moleculeId);
  return (
    <QueryView query={molecule} what="molecule">
      {(m) => {
        const chains = (Array.isArray(m.properties.chains) ? m.properties.chains : []) as ChainSummary[];
        const hetGroups = (Array.isArray(m.properties.hetGroups) ? m.properties.hetGroups : []) as HetGroup[];
        const warnings = Array.isArray(m.properties.warnings) ? m.properties.warnings : [];
        return (
          <>
            <p className="small">
              <Link to="/molecules">← Molecules</Link>
            </p>
            <h1>
              {m.name} <span className="badge">{m.kind}</span>{' '}
              <span className="small muted">
                {m.sourceFormat}
                {m.formula ? ` · ${m.formula}` : ''}
              </span>
            </h1>
            <div className="grid-side">
              <section className="panel" aria-labelledby="facts-heading">
                <h2 id="facts-heading">{m.kind === 'receptor' ? 'Chains and hetero groups' : 'Properties'}</h2>
                {m.kind === 'ligand' && (
                  <>
                    <Depiction
                      molecule={m.canonicalSmiles}
                      label={`2D structure of ${m.name}`}
                      width={300}
                      height={220}
                    />
                    {m.canonicalSmiles && (
                      <p className="mono small" style={{ wordBreak: 'break-all' }}>
                        {m.canonicalSmiles}
                      </p>
                    )}
                    <table aria-label="Ligand properties">
                      <tbody>
                        {LIGAND_PROPERTIES.map(([key, label, digits]) => (
                          <tr key={key}>
                            <th scope="row">{label}</th>
                            <td className="num">{fixed(m.properties[key], digits)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                    {m.inchikey && <CompoundStructures moleculeId={m.id} inchikey={m.inchikey} />}
                  </>
                )}
                {m.kind === 'receptor' && (
                  <>
                    <DataTable
                      label="Chains"
                      columns={[
                        'Chain',
                        { label: 'Residues', numeric: true },
                        { label: 'Atoms', numeric: true },
                        'Numbering',
                      ]}
                      rows={chains}
                      rowKey={(chain) => chain.id}
                      cells={(chain) => (
                        <>
                          <td>{chain.id || '(blank)'}</td>
                          <td className="num">{chain.residues}</td>
                          <td className="num">{chain.atoms}</td>
                          <td>
                            {chain.firstResSeq}–{chain.lastResSeq}
                          </td>
                        </>
                      )}
                    />
                    <h3 style={{ marginTop: 12 }}>Hetero groups (HETATM)</h3>
                    {hetGroups.length === 0 ? (
                      <p className="muted small">
                        None: the file holds only the protein
                        {typeof m.properties.waters === 'number' && m.properties.waters > 0
                          ? ` and ${m.properties.waters} waters`
                          : ''}
                        .
                      </p>
                    ) : (
                      <DataTable
                        label="Hetero groups"
                        columns={[
                          'Residue',
                          'Chain',
                          { label: 'Number', numeric: true },
                          { label: 'Atoms', numeric: true },
                        ]}
                        rows={hetGroups}
                        rowKey={(group) => `${group.chain}-${group.resSeq}-${group.resName}`}
                        cells={(group) => (
                          <>
                            <td>{group.resName}</td>
                            <td>{group.chain}</td>
                            <td className="num">{group.resSeq}</td>
                            <td className="num">{group.atoms}</td>
                          </>
                        )}
                      />
                    )}
                    {warnings.length > 0 && (
                      <ul className="small" aria-label="Warnings">
                        {warnings.map((w) => (
                          <li key={w}>{w}</li>
                        ))}
                      </ul>
                    )}
                    {can('jobs:write') && (
                      <p>
                        <Link className="button primary" to={`/jobs/new?receptor=${m.id}`}>
                          Dock against this receptor
                        </Link>
                      </p>
                    )}
                  </>
                )}
              </section>
              <section className="panel" aria-labelledby="view-heading">
                <h2 id="view-heading">3D structure</h2>
                {m.sourceFormat === 'smiles' ? (
                  <p className="muted">Uploaded as SMILES: 3D coordinates are generated when it is docked.</p>
                ) : structure.error ? (
                  <ErrorState error={structure.error} />
                ) : (
                  <Viewer3D
                    label={`3D view of ${m.name}`}
                    receptor={m.kind === 'receptor' ? structure.structure : undefined}
                    referenceLigand={m.kind === 'ligand' ? structure.structure : undefined}
                  />
                )}
              </section>
            </div>
          </>
        );
      }}
    </QueryView>
  );
}
