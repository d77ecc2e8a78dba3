// A 2D structure drawing from RDKit, with the SMILES as its accessible name.
import { useEffect, useState } from 'react';
import { depict, loadRdkit } from './rdkit.js';

export function Depiction({
  molecule,
  label,
  width = 160,
  height = 120,
}: {
  molecule: string | null | undefined;
  label: string;
  width?: number;
  height?: number;
}) {
  // The SVG, or 'failed' when RDKit could not depict the molecule.
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    if (!molecule) return;
    loadRdkit()
      .then((rdkit) => !cancelled && setSvg(depict(rdkit, molecule, width, height) ?? 'failed'))
      .catch(() => !cancelled && setSvg('failed'));
    return () => {
      cancelled = true;
    };
  }, [molecule, width, height]);
  const style = { width, height };
  if (!molecule || svg === 'failed')
    return (
      <span className="depiction muted small" style={style} role="img" aria-label={`${label}: no depiction`}>
        no depiction
      </span>
    );
  if (svg === null) return <span className="depiction" style={style} role="img" aria-label={`${label}: drawing…`} />;
  // RDKit's SVG is generated locally from the molecule, not from user HTML.
  return (
    <span className="depiction" style={style} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
  );
}

export default Depiction;
