import { Type } from 'typebox';
import { Strict } from '../../lib/http.js';
import { RoleSchema } from './user.schemas.js';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const DivisionRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });

export const LoginBody = Strict({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});

export const Me = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    roleName: Bilingual,
    permissions: Type.Array(Type.String()),
    manageableRoles: Type.Array(RoleSchema, { description: 'roles this user may create and change accounts of' }),
    mustChangePassword: Type.Boolean(),
    scope: Type.Object({
      kind: Type.Union([Type.Literal('division'), Type.Literal('grids'), Type.Literal('department')]),
      division: DivisionRef,
      path: Type.Array(DivisionRef, { description: 'ancestors of the home division, top first' }),
      department: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
      gridCodes: Type.Array(Type.String()),
    }),
  },
  { title: 'Me' },
);

export const LoginResponse = Type.Object({ me: Me });

export const PasswordChangeBody = Strict({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: Type.String({ minLength: 1, maxLength: 128 }),
});

export const ApiTokenBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 60, description: 'what the token is for, e.g. "district data exchange"' }),
  expiresInDays: Type.Integer({ minimum: 1, maximum: 366 }),
});

export const ApiToken = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    createdAt: Type.String({ format: 'date-time' }),
    expiresAt: Type.String({ format: 'date-time' }),
    lastSeenAt: Type.String({ format: 'date-time' }),
  },
  { title: 'ApiToken' },
);

export const NewApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  token: Type.String({ description: 'shown once: send as "Authorization: Bearer <token>"' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
