/**
 * Every sigma setting the explorer uses, in one typed place. Labels: sigma's
 * label grid shows at most `labelDensity` labels per cell of
 * `labelGridCellSize` pixels, preferring bigger nodes, so labels do not pile
 * up; members are drawn bigger and so win their cells. Nodes are drawn by
 * our shape program; edges by sigma's line/rectangle programs.
 */
import type { Settings } from 'sigma/settings';
import type { EdgeAttributes, NodeAttributes } from '../graph/attributes.ts';
import { drawHover, drawLabel } from './draw-label.ts';
import { NodeShapeProgram } from './node-shape-program.ts';
import { THEME } from './theme.ts';

export type ExplorerSettings = Partial<Settings<NodeAttributes, EdgeAttributes>>;

export function sigmaSettings(overrides: ExplorerSettings = {}): ExplorerSettings {
  return {
    defaultNodeType: 'shape',
    nodeProgramClasses: { shape: NodeShapeProgram },
    defaultEdgeType: 'line',
    labelFont: THEME.font,
    labelSize: 12,
    labelWeight: '500',
    labelColor: { color: THEME.label },
    // Labels are long (company names, addresses): big cells, about one label per cell.
    labelDensity: 0.5,
    labelGridCellSize: 150,
    labelRenderedSizeThreshold: 7,
    defaultDrawNodeLabel: drawLabel,
    defaultDrawNodeHover: drawHover,
    zIndex: true,
    minEdgeThickness: 0.6,
    minCameraRatio: 0.02,
    maxCameraRatio: 8,
    // Keeps picking cheap on big graphs: edges are not hoverable.
    enableEdgeEvents: false,
    hideEdgesOnMove: false,
    stagePadding: 56,
    ...overrides,
  };
}
