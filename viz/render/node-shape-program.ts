/**
 * A sigma node program drawing every node type in its own shape, with an
 * optional border, in one draw call. The shape, border width and border
 * colour come from the node reducer's display data (`shape`, `border`,
 * `borderColor`), never from the graph, so appearance stays a function of
 * state. GLSL lives in `shaders/`.
 */
import type { Attributes } from 'graphology-types';
import { NodeProgram, type ProgramInfo } from 'sigma/rendering';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';
import FRAGMENT_SHADER_SOURCE from './shaders/node-shape.frag.glsl?raw';
import VERTEX_SHADER_SOURCE from './shaders/node-shape.vert.glsl?raw';

export const SHAPES = ['circle', 'square', 'diamond', 'triangle', 'triangle-down', 'hexagon', 'star'] as const;
export type Shape = (typeof SHAPES)[number];

/** What the reducer adds to sigma's display data for this program. */
export interface ShapeDisplayData extends NodeDisplayData {
  shape?: Shape;
  /** Border width as a fraction of the node radius (0: none). */
  border?: number;
  borderColor?: string;
  /** Which labels win when two would overlap (higher first): selection 4, likely sources 3, members 2, identifiers 1. */
  labelPriority?: number;
}

const UNIFORMS = ['u_sizeRatio', 'u_correctionRatio', 'u_matrix'] as const;
const { UNSIGNED_BYTE, FLOAT } = WebGLRenderingContext;

export class NodeShapeProgram<N extends Attributes = Attributes, E extends Attributes = Attributes, G extends Attributes = Attributes> extends NodeProgram<(typeof UNIFORMS)[number], N, E, G> {
  getDefinition() {
    return {
      VERTICES: 3,
      VERTEX_SHADER_SOURCE,
      FRAGMENT_SHADER_SOURCE,
      METHOD: WebGLRenderingContext.TRIANGLES,
      UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_position', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_borderColor', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_shape', size: 1, type: FLOAT },
        { name: 'a_border', size: 1, type: FLOAT },
      ],
      CONSTANT_ATTRIBUTES: [{ name: 'a_angle', size: 1, type: FLOAT }],
      CONSTANT_DATA: [[0], [(2 * Math.PI) / 3], [(4 * Math.PI) / 3]],
    };
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: ShapeDisplayData): void {
    const array = this.array;
    let i = startIndex;
    array[i++] = data.x;
    array[i++] = data.y;
    array[i++] = data.size;
    array[i++] = floatColor(data.color);
    array[i++] = floatColor(data.borderColor ?? data.color);
    array[i++] = nodeIndex;
    array[i++] = SHAPES.indexOf(data.shape ?? 'circle');
    array[i++] = data.border ?? 0;
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo): void {
    gl.uniform1f(uniformLocations.u_correctionRatio!, params.correctionRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio!, params.sizeRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix!, false, params.matrix);
  }
}
