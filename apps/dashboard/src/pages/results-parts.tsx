// The results panel's parts (JobDetailPage's ResultsPanel holds the rows, the filters and the selection).
import { useMemo, useState } from 'react';
import { Link } from '../router.js';
import { ErrorState } from '../ui/states.js';
import { Viewer3D } from '../viewer/LazyViewer.js';
import { Depiction } from '../depiction/Depiction.js';
import type { Structure } from '../viewer/MoleculeViewer.js';
import { useMoleculeText } from '../lib/useStructureText.js';
import { useTextAt } from '../lib/useText.js';
import { parsePdbAtoms, parseSdf, receptorFormatOf } from '../lib/structure.js';
import { flaggedText, ligandEfficiency, sortRows, type SortKey } from '../lib/results.js';
import { downloadText, toCsv, toSdf } from '../lib/download.js';
import { fixed } from '../lib/format.js';
import type { BindingBox } from '@mad/chem/box';
import type { RouterOutputs } from '../api-types.js';
import { StatusBadge } from './job-parts.js';
import { PoseInteractionsList } from './interactions-parts.js';
import { INTERACTION_KINDS, residueLabels } from '../lib/interactions.js';
import type { ViewerInteractions } from '../viewer/MoleculeViewer.js';

export type LigandResult = RouterOutputs['jobs']['results']['ligands'][number];
export type ResultRow = LigandResult & {
  ligandName: string;
  affinityKcalMol: number | null;
  cnnScore: number | null;
  heavyAtoms: number | null;
};

/** The panel's heading with the SDF and CSV downloads of the rows, and what the SDF download is doing. */
export function ResultsDownloads({ jobId, rows }: { jobId: string; rows: ResultRow[] }) {
  const [downloading, setDownloading] = useState<string | null>(null);
  const downloadSdf = async () => {
    setDownloading('Collecting the top poses…');
    try {
      await downloadTopPoses(jobId, rows);
      setDownloading(null);
    } catch (error) {
      setDownloading(`Download failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <>
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <h2 id="results-heading">Results</h2>
        <div className="row">
          <button type="button" onClick={() => void downloadSdf()} disabled={!rows.some((r) => r.files.posesSdf)}>
            Download SDF (top poses)
          </button>
          <button type="button" onClick={() => downloadScores(jobId, rows)} disabled={rows.length === 0}>
            Download CSV (scores)
          </button>
        </div>
      </div>
      {downloading && (
        <p className="small" role="status">
          {downloading}
        </p>
      )}
    </>
  );
}

/** The filters of the results table: a ligand's name, the weakest affinity shown, a residue its best pose touches. */
export function ResultsFilters({
  text,
  setText,
  maxAffinity,
  setMaxAffinity,
  interactsWith,
  setInteractsWith,
}: {
  text: string;
  setText(text: string): void;
  maxAffinity: number | '';
  setMaxAffinity(maxAffinity: number | ''): void;
  interactsWith: string;
  setInteractsWith(residue: string): void;
}) {
  return (
    <div className="row" style={{ marginBottom: 8 }}>
      <label className="field">
        Filter by name
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          aria-label="Filter results by ligand name"
        />
      </label>
      <label className="field">
        Affinity at most (kcal/mol)
        <input
          type="number"
          step={0.5}
          value={maxAffinity}
          onChange={(e) => setMaxAffinity(e.currentTarget.value === '' ? '' : e.currentTarget.valueAsNumber)}
          aria-label="Maximum affinity"
        />
      </label>
      <label className="field">
        Interacts with (e.g. MET318)
        <input
          type="search"
          value={interactsWith}
          placeholder="A:MET318"
          onChange={(e) => setInteractsWith(e.currentTarget.value)}
          aria-label="Interacts with residue"
        />
      </label>
    </div>
  );
}

/** The sortable results table; a ligand with poses is picked for the 3D viewer by its name. */
export function ResultsTable({
  visible,
  current,
  cnn,
  sortKey,
  setSortKey,
  onPick,
}: {
  visible: ResultRow[];
  current: ResultRow | null;
  cnn: boolean;
  sortKey: SortKey;
  setSortKey: (key: SortKey) => void;
  onPick: (ligandId: string) => void;
}) {
  return (
    <div className="table-wrap" style={{ maxHeight: 260 }}>
      <table aria-label="Docking results">
        <thead>
          <tr>
            <th scope="col">Ligand</th>
            <SortHeader label="Affinity (kcal/mol)" sortKey="affinity" current={sortKey} onSort={setSortKey} />
            {cnn && <SortHeader label="CNN score" sortKey="cnnScore" current={sortKey} onSort={setSortKey} />}
            <SortHeader
              label="Ligand efficiency"
              sortKey="ligandEfficiency"
              current={sortKey}
              onSort={setSortKey}
              title="−affinity / heavy atoms (kcal/mol per heavy atom)"
            />
            <th
              scope="col"
              title="How far to trust the top pose (0–1): high when the best different pose scores clearly worse and the other poses agree with it (gnina: its CNN score). On the redocking set, 82 % of top poses at 0.5 or more were within 2 Å of the crystal pose, 50 % below (DOCKING_SCIENCE.md)."
            >
              Confidence
            </th>
            <th scope="col">Status</th>
            <th
              scope="col"
              title="Computed: docked by this job. Reused: the same ligand, receptor, box, parameters and versions were docked by an earlier job, whose result is shown (the result cache)."
            >
              Origin
            </th>
          </tr>
        </thead>
        <tbody>
          {visible.map((row) => (
            <tr key={row.ligandId} className={row.ligandId === current?.ligandId ? 'selected' : undefined}>
              <td>
                <button
                  type="button"
                  onClick={() => onPick(row.ligandId)}
                  aria-pressed={row.ligandId === current?.ligandId}
                  disabled={!row.files.posesSdf}
                  title={row.files.posesSdf ? 'Show the poses in 3D' : 'No poses'}
                >
                  {row.ligandName}
                </button>
              </td>
              <td className="num">{fixed(row.affinityKcalMol, 2)}</td>
              {cnn && <td className="num">{fixed(row.cnnScore, 3)}</td>}
              <td className="num">{fixed(ligandEfficiency(row), 3)}</td>
              <td className="num">{fixed(row.confidenceScore, 2)}</td>
              <td>
                <LigandOutcome row={row} />
              </td>
              <td className="small" data-testid="origin">
                {row.provenance.cacheHit ? (
                  <span title={`signature ${row.provenance.signature ?? '—'}`}>
                    reused from{' '}
                    <Link to={`/jobs/${row.provenance.computedByJobId}`} className="mono">
                      {row.provenance.computedByJobId.slice(0, 8)}
                    </Link>
                  </span>
                ) : row.status === 'SUCCEEDED' ? (
                  'computed'
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A ligand's outcome: its status, except that a docked ligand whose best pose fails the validity checks is flagged
 * (amber, the failed checks named) and never shown as a green success (DOCKING_SCIENCE.md "Pose validity").
 */
export function LigandOutcome({ row }: { row: Pick<ResultRow, 'status' | 'validity'> }) {
  const flagged = row.status === 'SUCCEEDED' ? flaggedText(row.validity) : null;
  if (!flagged) return <StatusBadge status={row.status} />;
  return (
    <span
      className="badge flagged"
      data-testid="flagged"
      title="Docked, but the best pose fails the validity checks (PoseBusters' rules): do not trust its score"
    >
      {flagged}
    </span>
  );
}

/** "2 ligands flagged": how many of the job's docked ligands have a best pose that fails the validity checks. */
export function FlaggedCount({ flagged }: { flagged: number }) {
  if (flagged === 0) return null;
  return (
    <p className="small" data-testid="flagged-count">
      <span className="badge flagged">
        {flagged} {flagged === 1 ? 'ligand' : 'ligands'} flagged
      </span>{' '}
      <span className="muted">
        docked, but the best pose fails the validity checks (no receptor contact, outside the box, clashes, bond lengths
        or no favourable score): their scores are not to be trusted
      </span>
    </p>
  );
}

export function FailedLigands({ failed }: { failed: ResultRow[] }) {
  return (
    <>
      {failed.length > 0 && (
        <details open style={{ marginTop: 8 }}>
          <summary>{failed.length} ligand(s) failed</summary>
          <ul className="errors" aria-label="Per-ligand errors">
            {failed.map((r) => (
              <li key={r.ligandId}>
                <strong>{r.ligandName}</strong>
                {r.error?.stage ? ` (${r.error.stage})` : ''}: {r.error?.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** The picked ligand's poses in the receptor: pose switcher, receptor style, the box, likely hydrogen bonds. */
export function PoseViewer({
  jobId,
  receptorId,
  box,
  current,
  poseIndex,
  setPoseIndex,
}: {
  jobId: string;
  receptorId: string;
  box: BindingBox;
  current: ResultRow;
  poseIndex: number;
  setPoseIndex: (index: number) => void;
}) {
  const [receptorStyle, setReceptorStyle] = useState<'cartoon' | 'surface'>('cartoon');
  const [showBox, setShowBox] = useState(true);
  const receptor = useMoleculeText(receptorId);
  const posesText = useTextAt(`poses:${jobId}:${current.ligandId}`, current.files.posesSdf);
  const poses = useMemo(() => (posesText.data ? parseSdf(posesText.data) : []), [posesText.data]);
  const pose = poses[Math.min(poseIndex, Math.max(0, poses.length - 1))];
  const poseStructure = useMemo<Structure | undefined>(
    () => (pose ? { text: pose.text, format: 'sdf' } : undefined),
    [pose],
  );
  const receptorAtoms = useMemo(
    () =>
      receptor.structure ? parsePdbAtoms(receptor.structure.text, receptorFormatOf(receptor.structure.format)) : [],
    [receptor.structure],
  );
  const shown = current.poses[Math.min(poseIndex, Math.max(0, current.poses.length - 1))];
  const interactions = shown?.interactions ?? null;
  const drawn = useMemo<ViewerInteractions | undefined>(
    () =>
      interactions
        ? {
            lines: interactions.map((i) => ({
              from: i.ligandPoint,
              to: i.proteinPoint,
              color: INTERACTION_KINDS[i.type].color,
            })),
            labels: residueLabels(interactions),
          }
        : undefined,
    [interactions],
  );
  // A pose without profiled interactions (older results, PLIP missing) keeps the geometric hint.
  const hydrogenBonds = useMemo(
    () => (!interactions && pose && receptorAtoms.length ? { ligand: pose.atoms, receptor: receptorAtoms } : undefined),
    [interactions, pose, receptorAtoms],
  );
  return (
    <div style={{ marginTop: 12 }} data-testid="pose-viewer">
      <div className="row" style={{ marginBottom: 6 }}>
        <Depiction molecule={current.smiles} label={`2D structure of ${current.ligandName}`} width={140} height={90} />
        <strong>{current.ligandName}</strong>
        <label className="field small">
          Pose
          <select value={poseIndex} onChange={(e) => setPoseIndex(Number(e.currentTarget.value))} aria-label="Pose">
            {(poses.length ? poses.map((_, i) => i) : current.poses.map((_, i) => i)).map((i) => (
              <option key={i} value={i}>
                {i + 1}: {fixed(current.poses[i]?.affinityKcalMol, 2)} kcal/mol
                {current.poses[i]?.validity?.valid === false ? ` (${flaggedText(current.poses[i]?.validity)})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field small">
          Receptor as
          <select
            value={receptorStyle}
            onChange={(e) => setReceptorStyle(e.currentTarget.value as 'cartoon' | 'surface')}
            aria-label="Receptor style"
          >
            <option value="cartoon">cartoon</option>
            <option value="surface">surface</option>
          </select>
        </label>
        <label className="small">
          <input type="checkbox" checked={showBox} onChange={(e) => setShowBox(e.currentTarget.checked)} /> box
        </label>
      </div>
      {posesText.error || receptor.error ? (
        <ErrorState error={posesText.error ?? receptor.error} />
      ) : (
        <Viewer3D
          label={`Pose ${poseIndex + 1} of ${current.ligandName} in the receptor`}
          receptor={receptor.structure}
          receptorStyle={receptorStyle}
          pose={poseStructure}
          box={showBox ? box : undefined}
          hydrogenBonds={hydrogenBonds}
          interactions={drawn}
        />
      )}
      <p className="small muted">
        {interactions
          ? 'Green: pose · blue: binding box · dashed: the interactions below, coloured by kind, residues labelled.'
          : 'Green: pose · blue: binding box · dashed orange: likely hydrogen bonds (N/O within 3.5 Å; this pose was not profiled).'}
      </p>
      <PoseInteractionsList
        interactions={interactions}
        reason={shown?.interactionsReason ?? 'not profiled'}
        profiler={shown?.interactionProfiler ?? null}
      />
    </div>
  );
}

/** Each ligand's top pose, best affinity first, as one SD file tagged with the ligand's name and scores. */
export async function downloadTopPoses(jobId: string, rows: ResultRow[]): Promise<void> {
  const records = [];
  for (const row of sortRows(
    rows.filter((r) => r.files.posesSdf),
    'affinity',
  )) {
    const response = await fetch(row.files.posesSdf!);
    const top = response.ok ? parseSdf(await response.text())[0] : undefined;
    if (!top) continue;
    const tags: Record<string, string | number> = {
      ligand: row.ligandName,
      affinity_kcal_mol: row.affinityKcalMol ?? '',
    };
    if (row.cnnScore !== null) tags.cnn_score = row.cnnScore;
    if (row.smiles) tags.smiles = row.smiles;
    records.push({ text: top.text, tags });
  }
  downloadText(`job-${jobId.slice(0, 8)}-top-poses.sdf`, toSdf(records), 'chemical/x-mdl-sdfile');
}

/** Every ligand's scores, best affinity first, as CSV. */
export function downloadScores(jobId: string, rows: ResultRow[]): void {
  const header = [
    'ligand',
    'smiles',
    'status',
    'affinity_kcal_mol',
    'cnn_score',
    'heavy_atoms',
    'ligand_efficiency',
    'valid',
    'failed_checks',
    'error',
  ];
  const csvRows = sortRows(rows, 'affinity').map((r) => [
    r.ligandName,
    r.smiles,
    r.status,
    r.affinityKcalMol,
    r.cnnScore,
    r.heavyAtoms,
    ligandEfficiency(r)?.toFixed(3),
    r.validity ? String(r.validity.valid) : null,
    r.validity?.failed.join(' '),
    r.error?.reason,
  ]);
  downloadText(`job-${jobId.slice(0, 8)}-scores.csv`, toCsv(header, csvRows), 'text/csv');
}

function SortHeader({
  label,
  sortKey,
  current,
  onSort,
  title,
}: {
  label: string;
  sortKey: SortKey;
  current: SortKey;
  onSort: (key: SortKey) => void;
  title?: string;
}) {
  return (
    <th
      scope="col"
      className="num"
      aria-sort={current === sortKey ? (sortKey === 'affinity' ? 'ascending' : 'descending') : 'none'}
      title={title}
    >
      <button type="button" onClick={() => onSort(sortKey)}>
        {label}
        {current === sortKey ? ' ▼' : ''}
      </button>
    </th>
  );
}
