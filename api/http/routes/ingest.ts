/**
 * Export upload: the files are saved under the data folder, then loaded by an
 * ingest job (202); progress and rejected rows are read from GET /api/jobs/:id.
 * An acknowledged upload is loaded even if the server stops first: the next
 * start loads it under the same job id (use-cases/pending-uploads.ts).
 */
import { z } from 'zod';
import { newJobId } from '../../../engine/index.ts';
import { OPERATORS } from '../access/principal.ts';
import { route } from '../route.ts';
import { uploadAcceptedSchema } from '../schemas.ts';
import { engineLogger } from '../services.ts';
import { acknowledgeUpload, loadUpload } from '../use-cases/pending-uploads.ts';
import { receiveUpload, UPLOAD_FILE_NAMES, uploadDiskError } from '../use-cases/receive-upload.ts';

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ingestRoutes = [
  route({
    method: 'post',
    path: '/ingest',
    summary: 'Upload an export (docs/export-format.md) and load it as a job (202)',
    tag: 'ingest',
    roles: OPERATORS,
    query: z.object({
      strict: flag.optional().meta({ description: 'Refuse the whole load, writing nothing, if any row is bad' }),
      file: z.enum(UPLOAD_FILE_NAMES as [string, ...string[]]).optional().meta({ description: 'For a streamed (non-multipart) body: which export file it is' }),
    }),
    rawBody: {
      contentTypes: ['multipart/form-data', 'text/csv', 'application/x-ndjson'],
      description: `multipart/form-data with one file part per export file (file names: ${UPLOAD_FILE_NAMES.join(', ')}), or one file streamed as the body with ?file=NAME`,
    },
    response: uploadAcceptedSchema,
    status: 202,
    errors: { 507: "INSUFFICIENT_STORAGE: the server's disk is full; the upload was not kept and nothing was loaded" },
    audit: 'ingest.upload',
    longRunning: true,
    handler: async ({ query, req, ctx, services }) => {
      const upload = await receiveUpload(req, services.uploadRoot, {
        fileLimit: services.config.uploadLimitBytes,
        totalLimit: services.config.uploadTotalLimitBytes,
        idleTimeoutMs: services.config.uploadIdleTimeoutMs,
        ...(query.file ? { streamedName: query.file } : {}),
      });
      const strict = query.strict ?? ['true', '1'].includes(upload.fields.strict ?? '');
      // Flushed, with its manifest, before the 202: from here on the upload survives a crash (pending-uploads.ts).
      const manifest = await acknowledgeUpload(upload.dir, {
        jobId: newJobId(),
        strict,
        owner: ctx.principal!.name,
        by: { kind: 'token', name: ctx.principal!.name, tokenId: ctx.principal!.tokenId },
        files: upload.files,
      }).catch(async (error: unknown) => {
        await upload.remove();
        throw uploadDiskError(error);
      });
      const job = loadUpload(services, upload.dir, manifest, engineLogger(ctx.log));
      ctx.audit.details = { jobId: job.id, strict, files: upload.files };
      return { body: { job, files: upload.files, links: { job: `/api/jobs/${job.id}` } } };
    },
  }),
];
