// The interactions of the results page: the shown pose's list (kind, residue, atoms, distance, angle) and the job's
// interaction fingerprint, a heat map of ligands (best pose) × receptor residues.
import { fixed } from '../lib/format.js';
import {
  INTERACTION_KINDS,
  fingerprint,
  heatColor,
  residueLabel,
  sortInteractions,
  type FingerprintInput,
  type ShownInteraction,
} from '../lib/interactions.js';

/** A pose's interactions as a table; not profiled: why, never an empty table read as "no interactions". */
export function PoseInteractionsList({
  interactions,
  reason,
  profiler,
}: {
  interactions: readonly ShownInteraction[] | null;
  reason: string | null;
  profiler: { name: string; version: string } | null;
}) {
  if (interactions === null)
    return (
      <p className="small muted" data-testid="pose-interactions">
        Interactions: {reason ?? 'not profiled'}
      </p>
    );
  if (interactions.length === 0)
    return (
      <p className="small" data-testid="pose-interactions">
        No protein–ligand interactions found in this pose{profiler ? ` (${profiler.name} ${profiler.version})` : ''}.
      </p>
    );
  return (
    <div className="table-wrap" style={{ maxHeight: 220, marginTop: 8 }} data-testid="pose-interactions">
      <table aria-label="Interactions of the pose">
        <caption className="small muted" style={{ textAlign: 'left' }}>
          {interactions.length} interaction(s){profiler ? `, found by ${profiler.name} ${profiler.version}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Residue</th>
            <th scope="col">Protein atom</th>
            <th scope="col">Ligand atom</th>
            <th scope="col" className="num">
              Distance (Å)
            </th>
            <th scope="col" className="num">
              Angle (°)
            </th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {sortInteractions(interactions).map((i, n) => (
            <tr key={n}>
              <td>
                <span className="swatch" style={{ background: INTERACTION_KINDS[i.type].color }} aria-hidden />{' '}
                {INTERACTION_KINDS[i.type].label}
              </td>
              <td className="mono">{residueLabel(i.residue)}</td>
              <td className="mono small">{atoms(i.proteinAtoms.map((a) => a.name))}</td>
              <td className="mono small">{atoms(i.ligandAtoms.map((a) => `${a.name}${a.index}`))}</td>
              <td className="num">{fixed(i.distance, 2)}</td>
              <td className="num">{fixed(i.angle, 1)}</td>
              <td className="small">{i.detail ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const atoms = (names: string[]) =>
  names.length > 3 ? `${names.slice(0, 2).join(' ')} … (${names.length})` : names.join(' ');

/** Ligands × residues: how each ligand's best pose touches each residue (colour: strongest kind; depth: how many). */
export function InteractionFingerprint({ rows }: { rows: readonly FingerprintInput[] }) {
  const print = fingerprint(rows);
  if (print.ligands.length === 0) return null;
  return (
    <section style={{ marginTop: 12 }} aria-labelledby="fingerprint-heading" data-testid="interaction-fingerprint">
      <h3 id="fingerprint-heading">Interaction fingerprint (best pose)</h3>
      <div className="table-wrap" style={{ maxHeight: 320 }}>
        <table aria-label="Interaction fingerprint" className="heatmap">
          <thead>
            <tr>
              <th scope="col">Ligand</th>
              {print.residues.map((r) => (
                <th key={r.key} scope="col" className="mono small vertical" title={r.key}>
                  {r.name}
                  {r.number}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {print.ligands.map((ligand) => (
              <tr key={ligand.ligandId}>
                <th scope="row">{ligand.ligandName}</th>
                {print.residues.map((r) => {
                  const cell = ligand.cells.get(r.key);
                  const title = cell
                    ? `${ligand.ligandName} · ${r.key}: ${cell.types.map((t) => INTERACTION_KINDS[t].label).join(', ')} (${cell.count})`
                    : `${ligand.ligandName} · ${r.key}: none`;
                  return (
                    <td
                      key={r.key}
                      className="num small"
                      style={{ background: heatColor(cell, print.max) }}
                      title={title}
                      aria-label={title}
                    >
                      {cell ? cell.count : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">
        {Object.values(INTERACTION_KINDS).map((k) => (
          <span key={k.label} style={{ marginRight: 10 }}>
            <span className="swatch" style={{ background: k.color }} aria-hidden /> {k.label}
          </span>
        ))}
        {print.notProfiled > 0 && ` · ${print.notProfiled} ligand(s) not profiled`}
      </p>
    </section>
  );
}
