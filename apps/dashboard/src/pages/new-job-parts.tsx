// The sections of the new-job form: inputs, engine and parameters, binding site, estimate and submit (their state is
// in new-job-form.ts; each section shows and edits one part of it).
import type { Dispatch, SetStateAction } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { DOCKING_PARAM_BOUNDS, DEFAULT_DOCKING_PARAMS } from '@mad/protocol/docking-params';
import { blindBox, boxAroundCoordinates } from '@mad/chem/box';
import type { RouterInputs, RouterOutputs } from '../api-types.js';
import { ErrorState } from '../ui/states.js';
import { Viewer3D } from '../viewer/LazyViewer.js';
import { BoxEditor } from '../viewer/BoxEditor.js';
import { duration } from '../lib/format.js';
import { QuotaSummary } from './quotas.js';
import { useLigandSearch, type BindingSiteForm, type JobInputs, type JobSubmission } from './new-job-form.js';

/** An engine a job can use and what a chemist picks it for: pipelines.list's answer. */
export type Pipeline = RouterOutputs['pipelines']['list']['pipelines'][number];
export type Engine = Pipeline['id'];
/** The parameters the form edits: the job request's (jobs.create), each with a value. */
export type JobParams = Required<
  Pick<NonNullable<RouterInputs['jobs']['create']['params']>, 'exhaustiveness' | 'numModes' | 'energyRange' | 'seed'>
>;
/** The platform's defaults (@mad/protocol/docking-params) and a fixed seed, so that a re-run gives the same poses. */
export const DEFAULT_PARAMS: JobParams = {
  exhaustiveness: DEFAULT_DOCKING_PARAMS.exhaustiveness,
  numModes: DEFAULT_DOCKING_PARAMS.numModes,
  energyRange: DEFAULT_DOCKING_PARAMS.energyRange,
  seed: 42,
};
const PARAM_FIELDS: Record<keyof JobParams, { label: string; hint: string; min: number; max: number; step: number }> = {
  exhaustiveness: {
    label: 'Exhaustiveness',
    hint: 'Search effort per ligand; time grows linearly. 8 is Vina’s default, 32 gives more consistent results.',
    ...DOCKING_PARAM_BOUNDS.exhaustiveness,
    step: 1,
  },
  numModes: {
    label: 'Poses per ligand',
    hint: 'How many binding modes to keep, best first.',
    ...DOCKING_PARAM_BOUNDS.numModes,
    step: 1,
  },
  energyRange: {
    label: 'Energy range (kcal/mol)',
    hint: 'Keep poses at most this much worse than the best one.',
    ...DOCKING_PARAM_BOUNDS.energyRange,
    step: 0.5,
  },
  seed: {
    label: 'Random seed',
    hint: 'Same seed and inputs give the same poses; ligands docked before with the same inputs are reused, not docked again.',
    ...DOCKING_PARAM_BOUNDS.seed,
    step: 1,
  },
};

interface MoleculeOption {
  id: string;
  name: string;
}

export function InputsSection(props: { receptors: MoleculeOption[]; ligands: MoleculeOption[]; inputs: JobInputs }) {
  const { receptors, ligands } = props;
  return (
    <section className="panel" aria-labelledby="inputs-heading">
      <h2 id="inputs-heading">Inputs</h2>
      <label className="field">
        Receptor
        <select
          value={props.inputs.receptorId}
          onChange={(e) => props.inputs.setReceptorId(e.currentTarget.value)}
          aria-label="Receptor"
        >
          <option value="">— pick a receptor —</option>
          {receptors.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <ProjectChoice inputs={props.inputs} />
      <LigandPicker ligands={ligands} inputs={props.inputs} />
      <SavedSetChoice inputs={props.inputs} />
      <label className="field">
        Or paste SMILES (one per line, optional name after a space)
        <textarea
          value={props.inputs.smiles}
          onChange={(e) => props.inputs.setSmiles(e.currentTarget.value)}
          placeholder="CC(=O)Oc1ccccc1C(=O)O aspirin"
          aria-label="SMILES, one per line"
        />
      </label>
    </section>
  );
}

/** The project the job goes in (optional): the projects list of the organisation. */
function ProjectChoice({ inputs }: { inputs: JobInputs }) {
  const projects = useQuery(trpc.projects.list.queryOptions({ limit: 200 }, { staleTime: 30_000 }));
  return (
    <label className="field">
      Project
      <select
        value={inputs.projectId}
        onChange={(e) => inputs.setProjectId(e.currentTarget.value)}
        aria-label="Project"
      >
        <option value="">— none —</option>
        {(projects.data?.projects ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A saved ligand set to dock (server-side: only its name and size are here), or the one chosen, to remove. */
function SavedSetChoice({ inputs }: { inputs: JobInputs }) {
  const sets = useQuery(trpc.ligandSets.list.queryOptions({ limit: 200 }, { staleTime: 0 }));
  const { ligandSet, setLigandSet } = inputs;
  if (ligandSet)
    return (
      <p data-testid="ligand-set">
        Ligand set <strong>{ligandSet.name}</strong>: {ligandSet.count} ligand(s), docked from the server{' '}
        <button type="button" onClick={() => setLigandSet(null)}>
          Remove set
        </button>
      </p>
    );
  const options = sets.data?.ligandSets ?? [];
  if (options.length === 0) return null;
  return (
    <label className="field">
      Or a saved ligand set
      <select
        value=""
        aria-label="Saved ligand set"
        onChange={(e) => {
          const set = options.find((o) => o.id === e.currentTarget.value);
          if (set) setLigandSet({ id: set.id, name: set.name, count: set.ligandCount });
        }}
      >
        <option value="">— pick a set —</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name} ({o.ligandCount})
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The library ligands as checkboxes, narrowed by a substructure or similarity search; "Select all matching" saves the
 * search as a ligand set on the server, which the job docks by id.
 */
function LigandPicker({ ligands, inputs }: { ligands: MoleculeOption[]; inputs: JobInputs }) {
  const { ligandIds, setLigandIds } = inputs;
  const search = useLigandSearch(inputs.setLigandSet, inputs.projectId);
  const shown = search.matches ?? ligands;
  const similarityOf = new Map((search.matches ?? []).map((m) => [m.id, (m as { similarity?: number }).similarity]));
  const label = search.mode === 'substructure' ? 'Find ligands by substructure' : 'Find ligands similar to';
  return (
    <fieldset style={{ marginTop: 8 }}>
      <legend>Ligands from the library ({ligandIds.length})</legend>
      {ligands.length === 0 && <p className="small muted">No ligands uploaded yet; paste SMILES below.</p>}
      {ligands.length > 0 && (
        <div className="row" role="search" style={{ marginBottom: 6 }}>
          <label className="field">
            <span>Search by</span>
            <select
              aria-label="Search by"
              value={search.mode}
              onChange={(e) => search.setMode(e.currentTarget.value as 'substructure' | 'similarity')}
            >
              <option value="substructure">Substructure (SMILES or SMARTS)</option>
              <option value="similarity">Similarity (Tanimoto, Morgan r2)</option>
            </select>
          </label>
          <label className="field">
            <span>{search.mode === 'substructure' ? 'Find by substructure' : 'Similar to (SMILES)'}</span>
            <input
              type="search"
              className="mono"
              value={search.text}
              onChange={(e) => search.setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                // Enter finds (and does not submit the job form).
                if (e.key === 'Enter') {
                  e.preventDefault();
                  search.find();
                }
              }}
              placeholder={search.mode === 'substructure' ? 'c1ccncc1' : 'Cc1ccc(NC(=O)c2ccccc2)cc1'}
              aria-label={label}
              aria-invalid={search.badQuery ? true : undefined}
            />
          </label>
          {search.mode === 'similarity' && (
            <label className="field">
              <span>At least</span>
              <input
                type="number"
                min={0}
                max={1}
                step={0.05}
                value={search.threshold}
                aria-label="Similarity threshold"
                onChange={(e) => {
                  const value = e.currentTarget.valueAsNumber;
                  if (Number.isFinite(value) && value >= 0 && value <= 1) search.setThreshold(value);
                }}
              />
            </label>
          )}
          <button type="button" onClick={search.find}>
            Find
          </button>
          {search.matches && search.matches.length > 0 && (
            <button type="button" onClick={search.selectAll} disabled={search.selecting?.busy}>
              Select all matching
            </button>
          )}
        </div>
      )}
      {search.error ? (
        <p className="errors" role="alert">
          {search.error instanceof Error ? search.error.message : String(search.error)}
        </p>
      ) : null}
      <div aria-live="polite" className="small muted">
        {search.pending && 'Searching…'}
        {search.matches &&
          (search.matches.length === 0
            ? `No ligand matches ${search.query}.`
            : `${search.matches.length}${search.more ? '+' : ''} matching ${search.query}.`)}{' '}
        {search.selecting?.busy && 'Saving every match of the library as a ligand set…'}
        {search.selecting?.count != null && `Saved ${search.selecting.count} matching as a ligand set.`}
      </div>
      {search.selecting?.error ? <ErrorState error={search.selecting.error} /> : null}
      <div style={{ maxHeight: 160, overflow: 'auto' }} aria-label="Library ligands" role="group">
        {shown.map((l) => (
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
            {similarityOf.get(l.id) !== undefined && (
              <span className="small muted"> (Tanimoto {similarityOf.get(l.id)!.toFixed(2)})</span>
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function EngineSection(props: {
  pipelines: Pipeline[];
  engine: Engine;
  onEngine: (engine: Engine) => void;
  params: JobParams;
  setParams: Dispatch<SetStateAction<JobParams>>;
}) {
  return (
    <section className="panel" aria-labelledby="engine-heading">
      <h2 id="engine-heading">Engine and parameters</h2>
      <fieldset>
        <legend>Engine</legend>
        {props.pipelines.map((p) => (
          <label key={p.id} style={{ display: 'block' }}>
            <input
              type="radio"
              name="engine"
              value={p.id}
              checked={props.engine === p.id}
              onChange={() => props.onEngine(p.id)}
            />{' '}
            {p.name} <span className="small muted">— {p.description}</span>
          </label>
        ))}
      </fieldset>
      {(Object.keys(PARAM_FIELDS) as (keyof JobParams)[]).map((key) => {
        const spec = PARAM_FIELDS[key];
        return (
          <label key={key} className="field" style={{ marginBottom: 8 }}>
            {spec.label}
            <input
              type="number"
              min={spec.min}
              max={spec.max}
              step={spec.step}
              value={props.params[key]}
              onChange={(e) => {
                const value = e.currentTarget.valueAsNumber;
                if (Number.isFinite(value)) props.setParams((p) => ({ ...p, [key]: value }));
              }}
            />
            <span className="hint">{spec.hint}</span>
          </label>
        );
      })}
    </section>
  );
}

/** The binding site: where the box comes from, and the box in 3D and by numbers. */
export function BindingSiteSection(props: { ligands: MoleculeOption[]; receptorId: string; form: BindingSiteForm }) {
  return (
    <section className="panel" aria-labelledby="site-heading">
      <h2 id="site-heading">Binding site</h2>
      <BoxSources ligands={props.ligands} form={props.form} />
      <BoxView receptorId={props.receptorId} form={props.form} />
    </section>
  );
}

/** Where the box can come from: a reference ligand, a HETATM group of the receptor, or the whole receptor. */
function BoxSources({ ligands, form }: { ligands: MoleculeOption[]; form: BindingSiteForm }) {
  const { referenceAtoms, hetGroups, receptorAtoms } = form.site;
  const { setBox } = form;
  const noCoordinates = form.site.referenceWithoutCoordinates;
  return (
    <div className="row" style={{ marginBottom: 8 }}>
      <label className="field">
        Reference ligand
        <select
          value={form.referenceId}
          onChange={(e) => form.setReferenceId(e.currentTarget.value)}
          aria-label="Reference ligand"
        >
          <option value="">— none —</option>
          {ligands.map((l) => (
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
      {noCoordinates && (
        <p className="small" role="status" data-testid="reference-note" style={{ flexBasis: '100%' }}>
          {noCoordinates.name} is{' '}
          {noCoordinates.sourceFormat === 'smiles'
            ? 'a SMILES-only ligand: it has no 3D coordinates'
            : `a ${noCoordinates.sourceFormat.toUpperCase()} file this page cannot read coordinates from`}
          , so it cannot define a box. Use a ligand uploaded with its bound pose (SDF, PDB or PDBQT), a HETATM group of
          the receptor, or enter the box by numbers.
        </p>
      )}
      <label className="field">
        HETATM group
        <select
          value={form.hetGroup}
          onChange={(e) => form.setHetGroup(e.currentTarget.value)}
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
        disabled={!hetGroups.get(form.hetGroup)}
        onClick={() => setBox(boxAroundCoordinates(hetGroups.get(form.hetGroup)!))}
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
  );
}

/** The receptor, reference ligand and box in 3D (a picked atom centres the box), and the box by numbers. */
function BoxView({ receptorId, form }: { receptorId: string; form: BindingSiteForm }) {
  const { box, setBox, fit } = form;
  const { receptorAtoms, receptorError } = form.site;
  return (
    <>
      {!receptorId ? (
        <p className="muted">Pick a receptor to see it here.</p>
      ) : receptorError ? (
        <ErrorState error={receptorError} />
      ) : (
        <Viewer3D
          label="Binding site: receptor, reference ligand and box"
          receptor={form.site.receptorStructure}
          referenceLigand={form.site.referenceStructure}
          box={box ?? undefined}
          onPickAtom={(atom) =>
            setBox((b) => ({ center: { x: atom.x, y: atom.y, z: atom.z }, size: b?.size ?? { x: 22, y: 22, z: 22 } }))
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
            title={receptorAtoms.length === 0 ? 'Pick a receptor first: the box starts at its centre' : undefined}
            // Numbers start at the receptor's centre (a 22 Å cube), never at the origin of its frame.
            onClick={() => setBox({ center: blindBox(receptorAtoms).center, size: { x: 22, y: 22, z: 22 } })}
          >
            Enter numbers
          </button>
        </p>
      )}
    </>
  );
}

/** The work the job would be, the organisation's quotas, what stops it, and Run docking. */
export function SubmitSection({ submission }: { submission: JobSubmission }) {
  const { estimate } = submission;
  return (
    <section className="panel" aria-labelledby="estimate-heading">
      <h2 id="estimate-heading">Estimate and submit</h2>
      <label className="field">
        Name (optional)
        <input
          value={submission.name}
          maxLength={200}
          onChange={(e) => submission.setName(e.currentTarget.value)}
          placeholder="e.g. ABL kinase screen, round 1"
          aria-label="Job name"
        />
      </label>
      <label className="field">
        Description (optional)
        <textarea
          value={submission.description}
          maxLength={2000}
          rows={2}
          onChange={(e) => submission.setDescription(e.currentTarget.value)}
          aria-label="Job description"
        />
      </label>
      <p data-testid="estimate">
        {submission.ligandCount} ligand(s) × exhaustiveness {submission.exhaustiveness} ={' '}
        <strong>{estimate.units}</strong> search units.{' '}
        {estimate.seconds === null
          ? engineAvailability(submission.agentsLoading, submission.agentsWithEngine)
          : `About ${duration(estimate.seconds)} on ${estimate.slots} free agent slot(s) (rough).`}
      </p>
      {submission.quotas && <QuotaSummary quotas={submission.quotas} ligands={submission.ligandCount} />}
      <ul id="job-problems" className="errors" aria-live="polite">
        {submission.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      {submission.error ? <ErrorState error={submission.error} /> : null}
      <button type="submit" className="primary" disabled={submission.problems.length > 0 || submission.submitting}>
        {submission.submitting ? 'Submitting…' : 'Run docking'}
      </button>
    </section>
  );
}

function engineAvailability(loading: boolean, agentsWithEngine: number): string {
  if (loading) return 'Checking the agents…';
  return agentsWithEngine === 0
    ? 'No connected agent runs this engine: the job will wait in the queue until one connects.'
    : 'Every agent slot is busy: the job will wait for a free one.';
}
