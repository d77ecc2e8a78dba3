// The 3D view: receptor (cartoon with the pocket residues as sticks, or a surface), a reference ligand, ligand
// poses, the binding box, the pose's interactions (dashed, coloured by kind, interacting residues labelled) or, for
// a pose without them, likely hydrogen bonds. 3Dmol.js loads lazily; a click on an atom reports it (to move the box).
import { useEffect, useRef, useState } from 'react';
import type { GLViewer } from '3dmol';
import { load3Dmol } from './load3dmol.js';
import type { BindingBox } from '@mad/chem/box';
import { hydrogenBondPairs } from '../lib/contacts.js';
import type { Atom } from '../lib/structure.js';
import { ErrorState, Loading } from '../ui/states.js';

export interface Structure {
  text: string;
  format: 'pdb' | 'pdbqt' | 'mmcif' | 'sdf' | 'mol2';
}

/** 3Dmol.js's name of a format: it reads PDBx/mmCIF as "cif". */
const viewerFormat = (format: Structure['format']) => (format === 'mmcif' ? 'cif' : format);

export interface MoleculeViewerProps {
  label: string;
  receptor?: Structure | undefined;
  receptorStyle?: 'cartoon' | 'surface';
  referenceLigand?: Structure | undefined;
  /** One pose (SD record) at a time; the pose switcher lives outside. */
  pose?: Structure | undefined;
  box?: BindingBox | undefined;
  /** Receptor and pose atoms for hydrogen-bond hints, when both are known. */
  hydrogenBonds?: { ligand: readonly Atom[]; receptor: readonly Atom[] } | undefined;
  /** The pose's interactions (PLIP): a dashed line each, and a label per interacting residue. */
  interactions?: ViewerInteractions | undefined;
  onPickAtom?: (atom: Atom & { description: string }) => void;
  height?: number;
}

export interface ViewerInteractions {
  lines: { from: Point; to: Point; color: string }[];
  labels: { text: string; position: Point; color: string }[];
}
type Point = { x: number; y: number; z: number };

export function MoleculeViewer(props: MoleculeViewerProps) {
  const host = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<GLViewer | null>(null);
  const framed = useRef<string | null>(null);
  const [state, setState] = useState<{ status: 'loading' | 'ready' } | { status: 'error'; error: unknown }>({
    status: 'loading',
  });
  const pick = useRef(props.onPickAtom);
  pick.current = props.onPickAtom;

  useEffect(() => {
    let disposed = false;
    load3Dmol()
      .then(($3Dmol) => {
        if (disposed || !host.current) return;
        viewerRef.current = $3Dmol.createViewer(host.current, { backgroundColor: 'white', antialias: true });
        setState({ status: 'ready' });
      })
      .catch((error: unknown) => !disposed && setState({ status: 'error', error }));
    return () => {
      disposed = true;
      viewerRef.current?.clear();
      viewerRef.current = null;
    };
  }, []);

  const { receptor, receptorStyle = 'cartoon', referenceLigand, pose, box, hydrogenBonds, interactions } = props;
  useEffect(() => {
    const viewer = viewerRef.current;
    if (state.status !== 'ready' || !viewer) return;
    const view = viewer.getView();
    viewer.removeAllModels();
    viewer.removeAllShapes();
    viewer.removeAllSurfaces();
    const receptorModel = receptor ? viewer.addModel(receptor.text, viewerFormat(receptor.format)) : null;
    const ligandModels = [];
    if (referenceLigand) {
      const model = viewer.addModel(referenceLigand.text, referenceLigand.format);
      model.setStyle({}, { stick: { colorscheme: 'magentaCarbon', radius: 0.18, opacity: 0.8 } });
      ligandModels.push(model);
    }
    if (pose) {
      const model = viewer.addModel(pose.text, pose.format);
      model.setStyle({}, { stick: { colorscheme: 'greenCarbon', radius: 0.22 } });
      ligandModels.push(model);
    }
    if (receptorModel) {
      // A pose is the subject: the cartoon fades behind it.
      const cartoon = { color: 'spectrum', opacity: pose ? 0.55 : 0.85 };
      receptorModel.setStyle({}, receptorStyle === 'cartoon' ? { cartoon } : {});
      receptorModel.setStyle({ hetflag: true }, { stick: { colorscheme: 'orangeCarbon', radius: 0.15 } });
      // The pocket: residues within 5 Å of the ligand as thin sticks, so contacts can be read without clutter.
      for (const ligandModel of ligandModels) {
        receptorModel.setStyle(
          { within: { distance: 5, sel: { model: ligandModel } }, byres: true },
          { ...(receptorStyle === 'cartoon' ? { cartoon } : {}), stick: { colorscheme: 'grayCarbon', radius: 0.12 } },
        );
      }
      if (receptorStyle === 'surface')
        viewer.addSurface('VDW', { opacity: 0.7, color: 'white' }, { model: receptorModel });
    }
    if (box) {
      viewer.addBox({
        center: box.center,
        dimensions: { w: box.size.x, h: box.size.y, d: box.size.z },
        color: '#1d4ed8',
        wireframe: true,
      });
    }
    if (hydrogenBonds) {
      for (const [a, b] of hydrogenBondPairs(hydrogenBonds.ligand, hydrogenBonds.receptor)) {
        viewer.addCylinder({
          start: { x: a.x, y: a.y, z: a.z },
          end: { x: b.x, y: b.y, z: b.z },
          radius: 0.06,
          color: '#f59e0b',
          dashed: true,
          fromCap: 1,
          toCap: 1,
        });
      }
    }
    if (interactions) {
      for (const line of interactions.lines)
        viewer.addCylinder({
          start: line.from,
          end: line.to,
          radius: 0.07,
          color: line.color,
          dashed: true,
          fromCap: 1,
          toCap: 1,
        });
      for (const label of interactions.labels)
        viewer.addLabel(label.text, {
          position: label.position,
          fontSize: 12,
          fontColor: label.color,
          backgroundColor: 'white',
          backgroundOpacity: 0.8,
          borderThickness: 0,
          inFront: true,
        });
    }
    viewer.setClickable(
      {},
      true,
      (atom: {
        x: number;
        y: number;
        z: number;
        elem?: string;
        resn?: string;
        resi?: number;
        chain?: string;
        atom?: string;
      }) => {
        pick.current?.({
          x: atom.x,
          y: atom.y,
          z: atom.z,
          element: atom.elem ?? 'C',
          description: `${atom.resn ?? ''} ${atom.chain ?? ''}${atom.resi ?? ''} ${atom.atom ?? ''}`.trim(),
        });
      },
    );
    // Frame the scene once per structure set; later changes (box edits, pose switches) keep the user's camera.
    const key = `${receptor?.text.length ?? 0}:${referenceLigand?.text.length ?? 0}:${pose ? 'pose' : ''}`;
    if (framed.current !== key) {
      framed.current = key;
      // Ligand in view with its pocket and the box around it; otherwise the whole structure.
      if (pose || referenceLigand) {
        viewer.zoomTo({ model: -1 });
        viewer.zoom(0.8);
      } else viewer.zoomTo();
    } else {
      viewer.setView(view);
    }
    viewer.render();
  }, [state.status, receptor, receptorStyle, referenceLigand, pose, box, hydrogenBonds, interactions]);

  return (
    <div className="viewer" style={props.height ? { height: props.height } : undefined}>
      <div
        ref={host}
        role="img"
        aria-label={props.label}
        style={{ position: 'absolute', inset: 0 }}
        data-testid="viewer-canvas"
        data-ready={state.status === 'ready'}
      />
      {state.status === 'loading' && <Loading what="Loading the 3D viewer" />}
      {state.status === 'error' && <ErrorState error={state.error} />}
    </div>
  );
}

export default MoleculeViewer;
