// Molecules: drag-and-drop upload of several files (per-record errors shown under the file they came from), and the
// library with 2D depictions, properties, search, substructure search and filters.
import { useState, type DragEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { errorCode, trpc } from '../trpc.js';
import type { RouterOutputs } from '../api-types.js';
import { Link } from '../router.js';
import { useCan } from '../session.js';
import { Empty, QueryView } from '../ui/states.js';
import { ConfirmButton, TableHead } from '../ui/table.js';
import { Depiction } from '../depiction/Depiction.js';
import { kindOfFile, uploadMoleculeFile, type KindChoice, type UploadOutcome } from '../lib/upload.js';
import { fixed, ago } from '../lib/format.js';

type Kind = 'all' | 'receptor' | 'ligand';

export default function MoleculesPage() {
  const can = useCan();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const [maxWeight, setMaxWeight] = useState<number | ''>('');
  // The substructure typed, and the one searched (on Enter or Find: a half-typed SMILES is no query).
  const [substructureText, setSubstructureText] = useState('');
  const [substructure, setSubstructure] = useState('');
  const filters = {
    name: search || undefined,
    kind: kind === 'all' ? undefined : kind,
    molecularWeightMax: maxWeight === '' ? undefined : maxWeight,
    substructure: substructure || undefined,
    limit: 200,
  };
  // "Search further" follows a substructure search's nextCursor; any other search starts from the newest again.
  const [further, setFurther] = useState<{ filters: string; cursor: string } | null>(null);
  const cursor = further?.filters === JSON.stringify(filters) ? further.cursor : undefined;
  const list = useQuery(
    trpc.molecules.list.queryOptions({ ...filters, cursor }, { placeholderData: (previous) => previous }),
  );
  const molecules = list.data?.molecules ?? [];
  const filtered = Boolean(search || kind !== 'all' || maxWeight !== '' || substructure);
  const badSubstructure = substructure && errorCode(list.error) === 'BAD_REQUEST' ? list.error : null;
  const scan = list.data?.substructure;
  const nextCursor = list.data?.nextCursor ?? null;

  return (
    <>
      <h1>Molecules</h1>
      {can('molecules:write') && <UploadZone />}
      <section className="panel" aria-labelledby="library-heading">
        <h2 id="library-heading">Library</h2>
        <div className="row" role="search" style={{ marginBottom: 10 }}>
          <label className="field">
            <span>Search</span>
            <input
              type="search"
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              placeholder="name"
              aria-label="Search molecules"
            />
          </label>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              setSubstructure(substructureText.trim());
            }}
          >
            <label className="field">
              <span>Substructure (SMILES or SMARTS)</span>
              <input
                type="search"
                className="mono"
                value={substructureText}
                onChange={(e) => {
                  setSubstructureText(e.currentTarget.value);
                  if (e.currentTarget.value === '') setSubstructure('');
                }}
                placeholder="c1ccncc1"
                aria-label="Substructure"
                aria-invalid={badSubstructure ? true : undefined}
                aria-describedby={badSubstructure ? 'substructure-error' : undefined}
              />
            </label>
            <button type="submit">Find</button>
          </form>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.currentTarget.value as Kind)} aria-label="Kind">
              <option value="all">all</option>
              <option value="receptor">receptors</option>
              <option value="ligand">ligands</option>
            </select>
          </label>
          <label className="field">
            <span>Max. molecular weight (ligands)</span>
            <input
              type="number"
              min={0}
              step={50}
              value={maxWeight}
              onChange={(e) => setMaxWeight(e.currentTarget.value === '' ? '' : e.currentTarget.valueAsNumber)}
              aria-label="Maximum molecular weight"
            />
          </label>
        </div>
        {badSubstructure ? (
          <p id="substructure-error" className="errors" role="alert">
            {badSubstructure.message}
          </p>
        ) : (
          <QueryView
            query={list}
            what="molecules"
            isEmpty={() => molecules.length === 0}
            empty={
              filtered ? (
                <Empty title={substructure ? `No molecule matches ${substructure}` : 'No molecule matches the filters'}>
                  {scan?.limitReached && `Searched the ${scan.scanned.toLocaleString('en')} newest molecules.`}
                </Empty>
              ) : undefined
            }
          >
            {() => <MoleculeTable molecules={molecules} canDelete={can('molecules:write')} />}
          </QueryView>
        )}
        {cursor && (
          <p className="small muted">
            Matches after the first pages.{' '}
            <button type="button" onClick={() => setFurther(null)}>
              Back to the newest
            </button>
          </p>
        )}
        {scan && nextCursor && (
          <p className="small muted" data-testid="substructure-scan">
            {scan.limitReached
              ? `Searched ${scan.scanned.toLocaleString('en')} molecules (at most ${scan.scanLimit.toLocaleString('en')} a request); more may match.`
              : `${molecules.length} shown; more match.`}{' '}
            <button type="button" onClick={() => setFurther({ filters: JSON.stringify(filters), cursor: nextCursor })}>
              Search further
            </button>
          </p>
        )}
      </section>
    </>
  );
}

type MoleculeRow = RouterOutputs['molecules']['list']['molecules'][number];

const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function MoleculeTable({ molecules, canDelete }: { molecules: MoleculeRow[]; canDelete: boolean }) {
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.molecules.delete.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.molecules.list.pathKey() }),
    }),
  );
  return (
    <div className="table-wrap">
      <table aria-label="Molecule library">
        <TableHead
          columns={[
            'Structure',
            'Name',
            'Kind',
            { label: 'MW', numeric: true },
            { label: 'Heavy atoms', numeric: true },
            { label: 'logP', numeric: true },
            { label: 'HBD/HBA', numeric: true },
            'Added',
            canDelete && { label: 'Actions', actions: true },
          ]}
        />
        <tbody>
          {molecules.map((m) => (
            <tr key={m.id}>
              <td>
                {m.kind === 'ligand' ? (
                  <Depiction molecule={m.canonicalSmiles} label={`2D structure of ${m.name}`} width={120} height={80} />
                ) : (
                  <span className="muted small">{receptorSummary(m.properties)}</span>
                )}
              </td>
              <td>
                <Link to={`/molecules/${m.id}`}>{m.name}</Link>
                {m.canonicalSmiles && (
                  <div
                    className="small muted mono"
                    style={{ maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                    title={m.canonicalSmiles}
                  >
                    {m.canonicalSmiles}
                  </div>
                )}
              </td>
              <td>
                <span className="badge">{m.kind}</span> <span className="small muted">{m.sourceFormat}</span>
              </td>
              <td className="num">{fixed(numberOf(m.properties.molecularWeight), 1)}</td>
              <td className="num">{numberOf(m.properties.heavyAtoms) ?? '—'}</td>
              <td className="num">{fixed(numberOf(m.properties.clogP), 2)}</td>
              <td className="num">
                {numberOf(m.properties.hbd) ?? '—'}/{numberOf(m.properties.hba) ?? '—'}
              </td>
              <td>{ago(m.createdAt)}</td>
              {canDelete && (
                <td>
                  <ConfirmButton
                    question={`Delete ${m.name}?`}
                    disabled={remove.isPending}
                    onConfirm={() => remove.mutate({ moleculeId: m.id })}
                    label={`Delete ${m.name}`}
                  >
                    Delete
                  </ConfirmButton>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "chains A, B · 1 hetero group" for the library row of a receptor. */
function receptorSummary(properties: Record<string, unknown>): string {
  const chains = Array.isArray(properties.chains)
    ? (properties.chains as { id: string }[]).map((c) => c.id || '(blank)')
    : [];
  const groups = Array.isArray(properties.hetGroups) ? properties.hetGroups.length : 0;
  return `chain${chains.length === 1 ? '' : 's'} ${chains.join(', ') || '—'} · ${groups} hetero group${groups === 1 ? '' : 's'}`;
}

function UploadZone() {
  const queryClient = useQueryClient();
  const [active, setActive] = useState(false);
  const [outcomes, setOutcomes] = useState<UploadOutcome[]>([]);
  const [busy, setBusy] = useState(0);
  const [kindChoice, setKindChoice] = useState<KindChoice>('auto');

  const upload = async (files: File[]) => {
    setBusy(files.length);
    const results: UploadOutcome[] = [];
    for (const file of files) {
      results.push(await uploadMoleculeFile(file, { kind: kindOfFile(file.name, kindChoice) }));
      setOutcomes([...results]);
      setBusy((n) => n - 1);
    }
    await queryClient.invalidateQueries({ queryKey: trpc.molecules.list.pathKey() });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setActive(false);
    void upload([...event.dataTransfer.files]);
  };

  return (
    <section className="panel" aria-labelledby="upload-heading">
      <h2 id="upload-heading">Upload</h2>
      <div
        className={`dropzone${active ? ' active' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setActive(true);
        }}
        onDragLeave={() => setActive(false)}
        onDrop={onDrop}
      >
        <p>Drop receptor (PDB, PDBQT) and ligand files (SDF, MOL2, SMILES) here, several at once, or</p>
        <label className="small" style={{ marginRight: 12 }}>
          Files are{' '}
          <select
            value={kindChoice}
            onChange={(e) => setKindChoice(e.currentTarget.value as KindChoice)}
            aria-label="Kind of the uploaded files"
          >
            <option value="auto">receptors if PDB/PDBQT, else ligands</option>
            <option value="receptor">receptors</option>
            <option value="ligand">ligands</option>
          </select>
        </label>
        <label className="button primary">
          Choose files
          <input
            type="file"
            multiple
            className="visually-hidden"
            aria-label="Choose molecule files"
            accept=".pdb,.pdbqt,.cif,.mmcif,.sdf,.mol,.mol2,.smi,.smiles,.txt,.csv"
            onChange={(e) => void upload([...(e.currentTarget.files ?? [])])}
          />
        </label>
      </div>
      <div aria-live="polite">
        {busy > 0 && <p className="small">Uploading {busy} file(s)…</p>}
        {outcomes.length > 0 && (
          <ul aria-label="Upload results">
            {outcomes.map((outcome, i) => (
              <UploadResult key={`${outcome.file}-${i}`} outcome={outcome} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

interface UploadBody {
  molecules?: { id: string; name: string; kind: string; record: number; deduplicated: boolean }[];
  errors?: { file: string | null; record: number; line: number | null; position?: number; reason: string }[];
  message?: string;
}

/** One file's outcome: what was added (or found again), and each failed record with where it failed. */
function UploadResult({ outcome }: { outcome: UploadOutcome }) {
  const body = (
    typeof outcome.body === 'object' && outcome.body ? outcome.body : { message: String(outcome.body) }
  ) as UploadBody;
  const created = body.molecules ?? [];
  const known = created.filter((m) => m.deduplicated).length;
  const errors = body.errors ?? [];
  return (
    <li data-testid="upload-result">
      <strong>{outcome.file}</strong>:{' '}
      {created.length > 0
        ? `${created.length} molecule(s) added${known > 0 ? ` (${known} already in the library)` : ''}`
        : `nothing added${body.message ? ` (${body.message})` : outcome.ok ? '' : ` (HTTP ${outcome.status})`}`}
      {errors.length > 0 && (
        <ul className="errors" aria-label={`Errors in ${outcome.file}`}>
          {errors.map((error, i) => (
            <li key={i}>
              {error.record > 0 ? `record ${error.record}` : 'file'}
              {error.line !== null ? `, line ${error.line}` : ''}
              {error.position !== undefined ? `, position ${error.position}` : ''}: {error.reason}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
