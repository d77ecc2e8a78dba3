import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { trpc } from '../trpc.js';
import { fetchArtifactText } from './upload.js';
import type { Structure } from '../viewer/MoleculeViewer.js';

/** A stored structure file's text (cached: structures do not change once uploaded). */
export function useArtifactText(artifactId: string | null | undefined) {
  return useQuery({
    queryKey: ['artifact-text', artifactId],
    queryFn: () => fetchArtifactText(artifactId!),
    enabled: Boolean(artifactId),
    staleTime: Infinity,
  });
}

/** A molecule of the library as a structure for the 3D viewer. */
export function useMoleculeText(moleculeId: string | null | undefined): {
  structure: Structure | undefined;
  error: unknown;
  isPending: boolean;
} {
  const molecule = useQuery(
    trpc.molecules.get.queryOptions(
      { moleculeId: moleculeId ?? '' },
      { enabled: Boolean(moleculeId), staleTime: Infinity },
    ),
  );
  const text = useArtifactText(molecule.data?.artifactId);
  const structure = useMemo<Structure | undefined>(
    () =>
      text.data && molecule.data
        ? { text: text.data, format: molecule.data.sourceFormat as Structure['format'] }
        : undefined,
    [text.data, molecule.data],
  );
  return { structure, error: molecule.error ?? text.error, isPending: molecule.isPending || text.isPending };
}
