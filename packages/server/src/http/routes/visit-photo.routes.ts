import {
  IdParams,
  PHOTO_MAX_BYTES,
  PHOTO_TAKEN_AT_HEADER,
  PHOTO_TYPES,
  PhotoFile,
  VisitPhotoUpload,
  VisitPhotoView,
} from '@dixian/core/api';
import type { FastifyError, FastifyReply } from 'fastify';
import { addVisitPhoto, photoTooLarge, readVisitPhoto } from '../../services/visit-photo.service.js';
import { ctxOf } from '../context.js';
import { errorHandler } from '../errors.js';
import { withErrors, type RoutePlugin } from '../route-kit.js';

const tags = ['visits'];

/** The phone keeps a photo it has seen for a day, for itself only; the bytes are what the type says. */
function sendPhoto(reply: FastifyReply, photo: { mime: string; bytes: Buffer }) {
  return reply
    .header('content-type', photo.mime)
    .header('cache-control', 'private, max-age=86400')
    .header('x-content-type-options', 'nosniff')
    .send(photo.bytes);
}

/** A visit's photos (issue 18 §3): the upload is the image itself, read into memory up to PHOTO_MAX_BYTES. */
export const visitPhotoRoutes: RoutePlugin = async (app) => {
  app.addContentTypeParser([...PHOTO_TYPES], { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.post(
    '/api/visits/:id/photos',
    {
      bodyLimit: PHOTO_MAX_BYTES,
      // the body limit's answer says how large a photo may be
      errorHandler: (err: FastifyError, req, reply) =>
        errorHandler(err.statusCode === 413 ? photoTooLarge() : err, req, reply),
      schema: {
        tags,
        summary: '上传走访照片 / add a photo to a visit',
        description: `请求体为图片本身(${PHOTO_TYPES.join('、')}),可选请求头 ${PHOTO_TAKEN_AT_HEADER} 为拍摄时间 / the body is the image itself`,
        consumes: [...PHOTO_TYPES],
        params: IdParams,
        body: VisitPhotoUpload,
        response: withErrors({ 201: VisitPhotoView }),
      },
    },
    async (req, reply) => {
      const takenAt = req.headers[PHOTO_TAKEN_AT_HEADER];
      const photo = await addVisitPhoto(ctxOf(req), req.params.id, {
        mime: (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
        bytes: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        takenAt: typeof takenAt === 'string' ? takenAt : undefined,
      });
      return reply.code(201).send(photo);
    },
  );
  app.get(
    '/api/visit-photos/:id',
    {
      schema: {
        tags,
        summary: '查看走访照片 / a visit photo',
        params: IdParams,
        response: withErrors({ 200: PhotoFile }),
      },
    },
    async (req, reply) => sendPhoto(reply, await readVisitPhoto(ctxOf(req), req.params.id)),
  );
};
