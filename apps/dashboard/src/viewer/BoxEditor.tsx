// The binding box by numbers (centre and size per axis) and by handles (a slider per number; a click on an atom in
// the 3D view recentres the box there). Every control is labelled for screen readers.
import { boxVolumeAngstrom3, type BindingBox } from '@mad/chem/box';

const AXES = ['x', 'y', 'z'] as const;

export function BoxEditor({
  box,
  onChange,
  disabled,
}: {
  box: BindingBox;
  onChange: (box: BindingBox) => void;
  disabled?: boolean;
}) {
  const set = (part: 'center' | 'size', axis: (typeof AXES)[number], value: number) => {
    if (!Number.isFinite(value)) return;
    onChange({ ...box, [part]: { ...box[part], [axis]: part === 'size' ? Math.max(1, value) : value } });
  };
  return (
    <fieldset disabled={disabled}>
      <legend>Binding box (Å)</legend>
      <p className="small muted">
        Centre and edge length per axis. Drag a slider, type a number, or click an atom in the 3D view to recentre.
      </p>
      {(['center', 'size'] as const).map((part) => (
        <div
          key={part}
          role="group"
          aria-label={part === 'center' ? 'Box centre' : 'Box size'}
          style={{ marginBottom: 8 }}
        >
          <strong className="small">{part === 'center' ? 'Centre' : 'Size'}</strong>
          <div className="numbers">
            {AXES.map((axis) => {
              const value = box[part][axis];
              const label = `${part === 'center' ? 'Centre' : 'Size'} ${axis}`;
              const [min, max] = part === 'center' ? [value - 10, value + 10] : [4, 126];
              return (
                <label key={axis} className="field small">
                  {axis}
                  <input
                    type="number"
                    step={0.5}
                    value={value}
                    aria-label={label}
                    onChange={(e) => set(part, axis, e.currentTarget.valueAsNumber)}
                  />
                  <input
                    type="range"
                    min={min}
                    max={max}
                    step={0.25}
                    value={value}
                    aria-label={`${label} handle`}
                    onChange={(e) => set(part, axis, e.currentTarget.valueAsNumber)}
                  />
                </label>
              );
            })}
          </div>
        </div>
      ))}
      <p className="small muted" aria-live="polite">
        Volume {Math.round(boxVolumeAngstrom3(box)).toLocaleString()} Å³
        {boxVolumeAngstrom3(box) > 27_000
          ? ' — larger than 30×30×30 Å: Vina searches more slowly and less thoroughly; raise exhaustiveness.'
          : ''}
      </p>
    </fieldset>
  );
}
