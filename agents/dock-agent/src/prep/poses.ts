// Docked PDBQT poses -> one SDF with bond orders from the prepared molecule and the scores as SD tags.
import type { Pose, ToolPaths } from '../engines/types.js';
import { callMadChem, type ChemAnswer } from './python.js';

export interface PosesSdfRequest {
  name: string;
  templatePath: string;
  posesPdbqtPath: string;
  outSdfPath: string;
  poses: Pose[];
}

export function writePosesSdf(
  request: PosesSdfRequest,
  tools: Pick<ToolPaths, 'python'>,
  signal?: AbortSignal,
): Promise<ChemAnswer<{ poses: number; notes: string[]; obabelFallback: boolean }>> {
  return callMadChem(tools.python, { command: 'poses', ...request }, signal);
}
