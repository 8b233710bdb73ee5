// Health for load balancers and operators; meta for the console before sign-in.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppContext } from '../../context.js';
import { appliedMigrationCount, expectedMigrations } from '../../db/client.js';
import { demoAccounts, DEMO_PASSWORD } from './bootstrap.js';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    version: Type.String(),
    database: Type.Object({
      kind: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
      reachable: Type.Boolean(),
      migrationsApplied: Type.Integer(),
      migrationsExpected: Type.Integer(),
      migrationsCurrent: Type.Boolean(),
    }),
  },
  { title: 'Health' },
);

const Meta = Type.Object(
  {
    version: Type.String(),
    demo: Type.Boolean(),
    demoPassword: Type.Union([Type.String(), Type.Null()]),
    demoAccounts: Type.Array(Type.Object({ username: Type.String(), role: Type.String(), roleName: Bilingual, description: Bilingual })),
    basemap: Type.Object({ tiles: Type.Union([Type.String(), Type.Null()]), attribution: Type.Union([Type.String(), Type.Null()]) }),
  },
  { title: 'Meta' },
);

export function systemRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['system'];
  const expected = expectedMigrations().length;

  r.get('/api/health', {
    config: { public: true },
    schema: { tags, summary: 'Database reachable, migrations current, version (503 when not)', response: { 200: Health, 503: Health } },
    handler: async (_req, reply) => {
      let applied = 0;
      let reachable = true;
      try {
        applied = await appliedMigrationCount(ctx.db);
      } catch {
        reachable = false;
      }
      const current = reachable && applied === expected;
      const body = {
        status: current ? ('ok' as const) : ('degraded' as const),
        version: ctx.version,
        database: { kind: ctx.database.kind, reachable, migrationsApplied: applied, migrationsExpected: expected, migrationsCurrent: current },
      };
      return reply.code(current ? 200 : 503).send(body);
    },
  });

  r.get('/api/meta', {
    config: { public: true },
    schema: { tags, summary: 'What the console needs before sign-in: demo mode and accounts, map settings', response: { 200: Meta } },
    handler: async () => ({
      version: ctx.version,
      demo: ctx.config.demo,
      demoPassword: ctx.config.demo ? DEMO_PASSWORD : null,
      demoAccounts: ctx.config.demo ? demoAccounts.map(({ username, role, roleName, description }) => ({ username, role, roleName, description })) : [],
      basemap: { tiles: ctx.config.basemapTiles ?? null, attribution: ctx.config.basemapAttribution ?? null },
    }),
  });
}
