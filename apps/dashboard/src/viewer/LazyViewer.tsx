// The 3D viewer behind React.lazy, so pages that import it stay light until it is on screen.
import { lazy, Suspense } from 'react';
import type { MoleculeViewerProps } from './MoleculeViewer.js';
import { Loading } from '../ui/states.js';

const MoleculeViewer = lazy(() => import('./MoleculeViewer.js'));

export function Viewer3D(props: MoleculeViewerProps) {
  return (
    <Suspense fallback={<Loading what="Loading the 3D viewer" />}>
      <MoleculeViewer {...props} />
    </Suspense>
  );
}
