import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/**
 * The OpenAPI document, generated from the routes' zod schemas, and Swagger UI at /api/docs (the JSON at
 * /api/docs/json). Swagger UI needs its own CSP (hashes of its inline scripts), which replaces the app's
 * on its pages.
 */
export async function registerDocs(app: FastifyInstance, secure: boolean): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: '底线 dixian API',
        description:
          '防止返贫动态监测和帮扶 / monitoring and assistance to prevent a return to poverty. Log in with POST ' +
          '/api/auth/login; send the csrfToken it returns as the x-csrf-token header on every POST, PATCH, PUT ' +
          'and DELETE. Errors are { error: { code, message, issues } }.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'dixian_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformStaticCSP: (header) => (secure ? header : header.replace(/upgrade-insecure-requests;?/, '').trim()),
  });
}
