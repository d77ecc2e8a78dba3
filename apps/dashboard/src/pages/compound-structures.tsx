// The structures of one compound (issue 12 "the library can show 3 structures of imatinib"): every upload with
// coordinates is a structure of its own, docked as given; the compound (InChIKey) links them (MOLECULES.md
// "Structures and compounds").
import { Link } from '../router.js';

export interface CompoundStructure {
  id: string;
  name: string;
  sourceFormat: string;
  createdAt: string | Date;
}

/** "3 structures of this compound", each linked but the one shown (marked); nothing when there are none. */
export function StructuresOfCompound(props: { moleculeId: string; structures: CompoundStructure[]; more: boolean }) {
  const { moleculeId, structures, more } = props;
  if (structures.length === 0) return null;
  return (
    <section aria-label="Structures of this compound" style={{ marginTop: 12 }}>
      <h3>
        {structures.length === 1
          ? '1 structure of this compound'
          : `${structures.length}${more ? '+' : ''} structures of this compound`}
      </h3>
      <ul className="small">
        {structures.map((s) => (
          <li key={s.id}>
            {s.id === moleculeId ? (
              <strong>{s.name} (this one)</strong>
            ) : (
              <Link to={`/molecules/${s.id}`}>{s.name}</Link>
            )}{' '}
            <span className="muted">
              {s.sourceFormat} · {new Date(s.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
