/**
 * The evidence picture: sigma's PNG with a title strip above (ring id, run,
 * date, the viewer's role and masking) and the legend below, drawn on a 2D
 * canvas, so a saved image says what it shows and under which access.
 */
import { LEGEND_ORDER, NODE_STYLES } from './theme.ts';
import type { NodeType } from '../../engine/model/graph.ts';
import type { Me } from '../../api/http/schemas.ts';

export interface PngCaption {
  title: string;
  /** Second line: run, date, role and masking. */
  subtitle: string;
  legend: Array<{ type: NodeType; count: number }>;
}

/** What the caption says of personal data, from the token's own rule (`GET /api/me`), never guessed from its role. */
const MASKING: Record<Me['personalData'], string> = {
  all: 'personal data shown in full',
  none: 'personal data masked (pseudonyms)',
  members: "members' personal data only",
};

export interface RingCaptionInput {
  ringId: string;
  score: number;
  size: number;
  runId: string | null;
  exportedAt: Date;
  me: Pick<Me, 'role' | 'personalData'>;
  /** Nodes drawn per type (after the view mode and filters): the legend counts what the picture shows. */
  visible: ReadonlyMap<NodeType, number>;
}

export function ringPngCaption(input: RingCaptionInput): PngCaption {
  return {
    title: `Ring ${input.ringId} · score ${input.score.toFixed(2)} · ${input.size} sellers`,
    subtitle: `Run ${input.runId ?? 'current'} · exported ${input.exportedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC · role ${input.me.role}, ${MASKING[input.me.personalData]}`,
    legend: LEGEND_ORDER.flatMap((type) => {
      const count = input.visible.get(type) ?? 0;
      return count > 0 ? [{ type, count }] : [];
    }),
  };
}

const STRIP = 54;
const LEGEND_ROW = 22;

export async function captionedPng(image: Blob, caption: PngCaption, background: string): Promise<Blob> {
  const bitmap = await createImageBitmap(image);
  const perRow = Math.max(1, Math.floor(bitmap.width / 190));
  const legendHeight = Math.ceil(caption.legend.length / perRow) * LEGEND_ROW + 14;
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height + STRIP + legendHeight;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#14263d';
  ctx.fillRect(0, 0, canvas.width, STRIP);
  ctx.fillStyle = '#ffffff';
  ctx.font = 'bold 18px sans-serif';
  ctx.fillText(caption.title, 14, 24);
  ctx.fillStyle = '#aebed2';
  ctx.font = '13px sans-serif';
  ctx.fillText(caption.subtitle, 14, 44);
  ctx.drawImage(bitmap, 0, STRIP);
  ctx.font = '13px sans-serif';
  caption.legend.forEach((item, i) => {
    const x = 14 + (i % perRow) * 190;
    const y = STRIP + bitmap.height + 12 + Math.floor(i / perRow) * LEGEND_ROW;
    const style = NODE_STYLES[item.type];
    ctx.fillStyle = style.color;
    ctx.beginPath();
    ctx.arc(x + 6, y + 6, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#e6e9ef';
    ctx.fillText(`${style.name} (${item.count})`, x + 18, y + 11);
  });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'));
}
