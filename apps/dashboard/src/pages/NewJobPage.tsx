// New docking job: receptor and ligands (library or pasted SMILES), the binding site in 3D (reference ligand,
// HETATM groups, autobox, blind, numbers and handles), engine and parameters, an estimate of the work, submit.
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { navigate, useLocation } from '../router.js';
import { ErrorState, Loading } from '../ui/states.js';
import { Viewer3D } from '../viewer/LazyViewer.js';
import { BoxEditor } from '../viewer/BoxEditor.js';
import type { Structure } from '../viewer/MoleculeViewer.js';
import { useArtifactText } from '../lib/useStructureText.js';
import { parsePdbAtoms, parseSdf, type ResidueAtom } from '../lib/structure.js';
import { blindBox, boxAroundCoordinates, boxReceptorFit, boxVolumeAngstrom3, type BindingBox } from '@mad/chem/box';
import { estimateWork } from '../lib/estimate.js';
import { useLiveAgents } from '../live.js';
import { duration } from '../lib/format.js';
import { jobLimitProblems, QuotaSummary, useOrgQuotas } from './quotas.js';

const ENGINES = [
  { id: 'vina', label: 'AutoDock Vina', hint: 'The reference: fast, well understood scores in kcal/mol.' },
  { id: 'smina', label: 'Smina', hint: 'Vina fork with custom scoring and minimisation.' },
  { id: 'gnina', label: 'Gnina', hint: 'Smina plus CNN rescoring of poses (best with a GPU agent).' },
] as const;
type Engine = (typeof ENGINES)[number]['id'];

export interface JobParams {
  exhaustiveness: number;
  numModes: number;
  energyRange: number;
  seed: number;
}
const DEFAULT_PARAMS: JobParams = { exhaustiveness: 8, numModes: 9, energyRange: 3, seed: 42 };
const PARAM_HINTS: Record<keyof JobParams, { label: string; hint: string; min: number; max: number; step: number }> = {
  exhaustiveness: {
    label: 'Exhaustiveness',
    hint: 'Search effort per ligand; time grows linearly. 8 is Vina’s default, 32 gives more consistent results.',
    min: 1,
    max: 64,
    step: 1,
  },
  numModes: {
    label: 'Poses per ligand',
    hint: 'How many binding modes to keep, best first.',
    min: 1,
    max: 20,
    step: 1,
  },
  energyRange: {
    label: 'Energy range (kcal/mol)',
    hint: 'Keep poses at most this much worse than the best one.',
    min: 1,
    max: 10,
    step: 0.5,
  },
  seed: {
    label: 'Random seed',
    hint: 'Same seed and inputs give the same poses; ligands docked before with the same inputs are reused, not docked again.',
    min: -2147483648,
    max: 2147483647,
    step: 1,
  },
};

export default function NewJobPage() {
  const { search } = useLocation();
  const receptors = useQuery(trpc.molecules.list.queryOptions({ kind: 'receptor', limit: 200 }));
  const ligands = useQuery(trpc.molecules.list.queryOptions({ kind: 'ligand', limit: 200 }));
  const agents = useQuery(trpc.agents.list.queryOptions(undefined, { staleTime: 0 }));
  const quotas = useOrgQuotas();
  useLiveAgents();

  const [receptorId, setReceptorId] = useState(search.get('receptor') ?? '');
  const [ligandIds, setLigandIds] = useState<string[]>([]);
  const [smiles, setSmiles] = useState('');
  const [referenceId, setReferenceId] = useState('');
  const [hetGroup, setHetGroup] = useState('');
  const [box, setBox] = useState<BindingBox | null>(null);
  const [engine, setEngine] = useState<Engine>('vina');
  const [params, setParams] = useState<JobParams>(DEFAULT_PARAMS);

  // Re-run with changes: start from a previous job's receptor, ligands, box, engine and parameters.
  const fromJobId = search.get('from');
  const previous = useQuery(trpc.jobs.status.queryOptions({ jobId: fromJobId ?? '' }, { enabled: Boolean(fromJobId) }));
  const previousLigands = useQuery(
    trpc.jobs.results.queryOptions(
      { jobId: fromJobId ?? '', sort: 'ordinal', limit: 500 },
      { enabled: Boolean(fromJobId) },
    ),
  );
  useEffect(() => {
    const job = previous.data;
    if (!job || !previousLigands.data) return;
    setReceptorId(job.receptorId);
    setBox(job.box);
    setEngine(job.pipeline);
    setParams({ ...DEFAULT_PARAMS, ...pickParams(job.params) });
    setLigandIds(previousLigands.data.ligands.flatMap((l) => (l.moleculeId ? [l.moleculeId] : [])));
    setSmiles(
      previousLigands.data.ligands
        .flatMap((l) => (!l.moleculeId && l.smiles ? [`${l.smiles} ${l.name}`] : []))
        .join('\n'),
    );
  }, [previous.data, previousLigands.data]);

  const receptor = receptors.data?.molecules.find((r) => r.id === receptorId);
  const receptorText = useArtifactText(receptor?.artifactId);
  const reference = ligands.data?.molecules.find((l) => l.id === referenceId);
  const referenceText = useArtifactText(reference?.artifactId);

  const receptorAtoms = useMemo(
    () =>
      receptorText.data ? parsePdbAtoms(receptorText.data, receptor?.sourceFormat === 'pdbqt' ? 'pdbqt' : 'pdb') : [],
    [receptorText.data, receptor?.sourceFormat],
  );
  const hetGroups = useMemo(() => groupHetatms(receptorAtoms), [receptorAtoms]);
  const referenceAtoms = useMemo(
    () => (referenceText.data && reference ? ligandAtoms(referenceText.data, reference.sourceFormat) : []),
    [referenceText.data, reference],
  );
  const receptorStructure = useMemo<Structure | undefined>(
    () =>
      receptorText.data && receptor
        ? { text: receptorText.data, format: receptor.sourceFormat as Structure['format'] }
        : undefined,
    [receptorText.data, receptor],
  );
  const referenceStructure = useMemo<Structure | undefined>(
    () =>
      referenceText.data && reference && referenceAtoms.length > 0
        ? { text: referenceText.data, format: reference.sourceFormat as Structure['format'] }
        : undefined,
    [referenceText.data, reference, referenceAtoms],
  );
  // A reference without 3D coordinates (SMILES, or a format read only on the server) cannot place a box: say so.
  const referenceWithoutCoordinates =
    reference &&
    (reference.sourceFormat === 'smiles' || (referenceText.data !== undefined && referenceAtoms.length === 0))
      ? reference
      : null;
  // The box against the receptor, with the server's own rule (@mad/chem/box): no receptor atom inside is refused.
  const fit = useMemo(
    () => (box && receptorAtoms.length > 0 ? boxReceptorFit(box, receptorAtoms) : null),
    [box, receptorAtoms],
  );

  // A reference ligand chosen for the first time places the box around it, as chemists expect.
  useEffect(() => {
    if (referenceAtoms.length > 0 && !box) setBox(boxAroundCoordinates(referenceAtoms));
  }, [referenceAtoms, box]);

  const pastedSmiles = smiles
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const ligandCount = ligandIds.length + pastedSmiles.length;
  const engineAgents = (agents.data?.agents ?? []).filter(
    (a) => a.state === 'running' && a.engines.some((e) => e.name === engine),
  );
  const freeSlots = engineAgents.reduce((sum, a) => sum + Math.max(0, a.slots - a.busySlots), 0);
  const estimate = estimateWork(
    ligandCount,
    params.exhaustiveness,
    freeSlots,
    box ? boxVolumeAngstrom3(box) : undefined,
  );

  const create = useMutation(
    trpc.jobs.create.mutationOptions({
      onSuccess: (job) => navigate(`/jobs/${job.jobId}`),
      // A refusal over a quota changes nothing, but the usage shown may be stale: read it again.
      onError: () => void quotas.refetch(),
    }),
  );
  const problems = [
    !receptorId && 'Pick a receptor.',
    ligandCount === 0 && 'Pick at least one ligand or paste SMILES.',
    !box && 'Define the binding box (from a reference ligand, a HETATM group, blind, or by numbers).',
    ...(fit?.errors.map((error) => `The binding box cannot be docked into: ${error}.`) ?? []),
    ...jobLimitProblems(quotas.data, ligandCount, box ? boxVolumeAngstrom3(box) : null),
  ].filter(Boolean) as string[];

  const submit = () => {
    if (problems.length > 0 || !box) return;
    create.mutate({
      pipelineId: engine,
      receptorId,
      ligandIds,
      ligands: pastedSmiles.map(parseSmilesLine),
      bindingSite: { mode: 'box', center: box.center, size: box.size },
      params: { ...params, cpuPerTask: 1 },
    });
  };

  if (receptors.isPending || ligands.isPending) return <Loading what="Loading molecules" />;
  if (receptors.error || ligands.error) return <ErrorState error={receptors.error ?? ligands.error} />;

  return (
    <>
      <h1>New docking job</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        aria-describedby="job-problems"
      >
        <div className="grid-side">
          <div>
            <section className="panel" aria-labelledby="inputs-heading">
              <h2 id="inputs-heading">Inputs</h2>
              <label className="field">
                Receptor
                <select value={receptorId} onChange={(e) => setReceptorId(e.currentTarget.value)} aria-label="Receptor">
                  <option value="">— pick a receptor —</option>
                  {receptors.data?.molecules.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              </label>
              <fieldset style={{ marginTop: 8 }}>
                <legend>Ligands from the library ({ligandIds.length})</legend>
                {ligands.data?.molecules.length === 0 && (
                  <p className="small muted">No ligands uploaded yet; paste SMILES below.</p>
                )}
                <div style={{ maxHeight: 160, overflow: 'auto' }}>
                  {ligands.data?.molecules.map((l) => (
                    <label key={l.id} style={{ display: 'block' }}>
                      <input
                        type="checkbox"
                        checked={ligandIds.includes(l.id)}
                        onChange={(e) => {
                          const checked = e.currentTarget.checked;
                          setLigandIds((ids) => (checked ? [...ids, l.id] : ids.filter((id) => id !== l.id)));
                        }}
                      />{' '}
                      {l.name}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label className="field">
                Or paste SMILES (one per line, optional name after a space)
                <textarea
                  value={smiles}
                  onChange={(e) => setSmiles(e.currentTarget.value)}
                  placeholder="CC(=O)Oc1ccccc1C(=O)O aspirin"
                  aria-label="SMILES, one per line"
                />
              </label>
            </section>

            <section className="panel" aria-labelledby="engine-heading">
              <h2 id="engine-heading">Engine and parameters</h2>
              <fieldset>
                <legend>Engine</legend>
                {ENGINES.map((e) => (
                  <label key={e.id} style={{ display: 'block' }}>
                    <input
                      type="radio"
                      name="engine"
                      value={e.id}
                      checked={engine === e.id}
                      onChange={() => setEngine(e.id)}
                    />{' '}
                    {e.label} <span className="small muted">— {e.hint}</span>
                  </label>
                ))}
              </fieldset>
              {(Object.keys(PARAM_HINTS) as (keyof JobParams)[]).map((key) => {
                const spec = PARAM_HINTS[key];
                return (
                  <label key={key} className="field" style={{ marginBottom: 8 }}>
                    {spec.label}
                    <input
                      type="number"
                      min={spec.min}
                      max={spec.max}
                      step={spec.step}
                      value={params[key]}
                      onChange={(e) => {
                        const value = e.currentTarget.valueAsNumber;
                        if (Number.isFinite(value)) setParams((p) => ({ ...p, [key]: value }));
                      }}
                    />
                    <span className="hint">{spec.hint}</span>
                  </label>
                );
              })}
            </section>
          </div>

          <div>
            <section className="panel" aria-labelledby="site-heading">
              <h2 id="site-heading">Binding site</h2>
              <div className="row" style={{ marginBottom: 8 }}>
                <label className="field">
                  Reference ligand
                  <select
                    value={referenceId}
                    onChange={(e) => setReferenceId(e.currentTarget.value)}
                    aria-label="Reference ligand"
                  >
                    <option value="">— none —</option>
                    {ligands.data?.molecules.map((l) => (
                      <option key={l.id} value={l.id}>
                        {l.name}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={referenceAtoms.length === 0}
                  onClick={() => setBox(boxAroundCoordinates(referenceAtoms))}
                >
                  Box from reference ligand
                </button>
                {referenceWithoutCoordinates && (
                  <p className="small" role="status" data-testid="reference-note" style={{ flexBasis: '100%' }}>
                    {referenceWithoutCoordinates.name} is{' '}
                    {referenceWithoutCoordinates.sourceFormat === 'smiles'
                      ? 'a SMILES-only ligand: it has no 3D coordinates'
                      : `a ${referenceWithoutCoordinates.sourceFormat.toUpperCase()} file this page cannot read coordinates from`}
                    , so it cannot define a box. Use a ligand uploaded with its bound pose (SDF, PDB or PDBQT), a HETATM
                    group of the receptor, or enter the box by numbers.
                  </p>
                )}
                <label className="field">
                  HETATM group
                  <select
                    value={hetGroup}
                    onChange={(e) => setHetGroup(e.currentTarget.value)}
                    aria-label="HETATM group"
                    disabled={hetGroups.size === 0}
                  >
                    <option value="">{hetGroups.size === 0 ? '— none in receptor —' : '— pick a group —'}</option>
                    {[...hetGroups.keys()].map((key) => (
                      <option key={key} value={key}>
                        {key}
                      </option>
                    ))}
                  </select>
                </label>
                <button
                  type="button"
                  disabled={!hetGroups.get(hetGroup)}
                  onClick={() => setBox(boxAroundCoordinates(hetGroups.get(hetGroup)!))}
                >
                  Box from group
                </button>
                <button
                  type="button"
                  disabled={receptorAtoms.length === 0}
                  onClick={() => setBox(blindBox(receptorAtoms))}
                  title="The whole receptor: for unknown sites; slower and less precise"
                >
                  Blind (whole receptor)
                </button>
              </div>
              {!receptorId ? (
                <p className="muted">Pick a receptor to see it here.</p>
              ) : receptorText.error ? (
                <ErrorState error={receptorText.error} />
              ) : (
                <Viewer3D
                  label="Binding site: receptor, reference ligand and box"
                  receptor={receptorStructure}
                  referenceLigand={referenceStructure}
                  box={box ?? undefined}
                  onPickAtom={(atom) =>
                    setBox((b) => ({
                      center: { x: atom.x, y: atom.y, z: atom.z },
                      size: b?.size ?? { x: 22, y: 22, z: 22 },
                    }))
                  }
                />
              )}
              {box ? (
                <>
                  <BoxEditor box={box} onChange={setBox} />
                  {fit && (fit.errors.length > 0 || fit.warnings.length > 0) && (
                    <ul className="small" data-testid="box-fit" aria-label="Binding box problems">
                      {fit.errors.map((error) => (
                        <li key={error} style={{ color: 'var(--danger)' }}>
                          Refused: {error}
                        </li>
                      ))}
                      {fit.warnings.map((warning) => (
                        <li key={warning}>Warning: {warning}</li>
                      ))}
                    </ul>
                  )}
                </>
              ) : (
                <p className="small muted" style={{ marginTop: 8 }}>
                  No box yet.{' '}
                  <button
                    type="button"
                    disabled={receptorAtoms.length === 0}
                    title={
                      receptorAtoms.length === 0 ? 'Pick a receptor first: the box starts at its centre' : undefined
                    }
                    // Numbers start at the receptor's centre (a 22 Å cube), never at the origin of its frame.
                    onClick={() => setBox({ center: blindBox(receptorAtoms).center, size: { x: 22, y: 22, z: 22 } })}
                  >
                    Enter numbers
                  </button>
                </p>
              )}
            </section>

            <section className="panel" aria-labelledby="estimate-heading">
              <h2 id="estimate-heading">Estimate and submit</h2>
              <p data-testid="estimate">
                {ligandCount} ligand(s) × exhaustiveness {params.exhaustiveness} = <strong>{estimate.units}</strong>{' '}
                search units.{' '}
                {estimate.seconds === null
                  ? engineAvailability(agents.isPending, engineAgents.length)
                  : `About ${duration(estimate.seconds)} on ${estimate.slots} free agent slot(s) (rough).`}
              </p>
              {quotas.data && <QuotaSummary quotas={quotas.data} ligands={ligandCount} />}
              <ul id="job-problems" className="errors" aria-live="polite">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
              {create.error && <ErrorState error={create.error} />}
              <button type="submit" className="primary" disabled={problems.length > 0 || create.isPending}>
                {create.isPending ? 'Submitting…' : 'Run docking'}
              </button>
            </section>
          </div>
        </div>
      </form>
    </>
  );
}

function engineAvailability(loading: boolean, agentsWithEngine: number): string {
  if (loading) return 'Checking the agents…';
  return agentsWithEngine === 0
    ? 'No connected agent runs this engine: the job will wait in the queue until one connects.'
    : 'Every agent slot is busy: the job will wait for a free one.';
}

/** "CCO ethanol" → { smiles: 'CCO', name: 'ethanol' }; the name is optional. */
function parseSmilesLine(line: string): { smiles: string; name?: string } {
  const [smiles, ...rest] = line.split(/\s+/);
  const name = rest.join(' ').trim();
  return name ? { smiles: smiles!, name } : { smiles: smiles! };
}

function pickParams(stored: Record<string, unknown>): Partial<JobParams> {
  const picked: Partial<JobParams> = {};
  for (const key of Object.keys(DEFAULT_PARAMS) as (keyof JobParams)[]) {
    const value = stored[key];
    if (typeof value === 'number') picked[key] = value;
  }
  return picked;
}

/** A reference ligand's atoms in the formats read here (SDF, PDB, PDBQT); MOL2 references give none. */
function ligandAtoms(text: string, format: string) {
  if (format === 'sdf') return parseSdf(text)[0]?.atoms ?? [];
  if (format === 'pdb' || format === 'pdbqt') return parsePdbAtoms(text, format);
  return [];
}

/** HETATM groups of a receptor (waters excluded), keyed "STI A201". */
function groupHetatms(atoms: readonly ResidueAtom[]): Map<string, ResidueAtom[]> {
  const groups = new Map<string, ResidueAtom[]>();
  for (const atom of atoms) {
    if (!atom.hetatm || atom.residueName === 'HOH' || atom.residueName === 'WAT') continue;
    const key = `${atom.residueName} ${atom.chain}${atom.residueNumber}`;
    groups.set(key, [...(groups.get(key) ?? []), atom]);
  }
  return groups;
}
