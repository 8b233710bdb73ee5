import { Type } from 'typebox';
import { Page, Strict, pageQuery, sortQuery } from '../../lib/http.js';
import { roles } from './roles.js';

export const RoleSchema = Type.Enum(roles, { description: 'role code (GLOSSARY.md)' });
const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });
const DivisionRef = Type.Object({ code: Type.String(), name: Type.String(), level: Type.Integer() });
const DepartmentRef = Type.Object({ id: Type.String(), name: Type.String() });
const DivisionCode12 = Type.String({ pattern: '^\\d{12}$', description: '12-digit division code' });
const GridCode = Type.String({ pattern: '^(\\d{16}|\\d{18})$', description: '16-digit grid code, or 18 for a micro grid' });
const Phone = Type.String({ pattern: '^[0-9+\\- ]{5,20}$', description: 'phone number (personal data: stored encrypted)' });
export const UuidParam = Strict({ id: Type.String({ format: 'uuid' }) });

export const UserSummary = Type.Object(
  {
    id: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    role: RoleSchema,
    roleName: Bilingual,
    division: DivisionRef,
    department: Type.Union([DepartmentRef, Type.Null()]),
    phoneMasked: Type.Union([Type.String(), Type.Null()]),
    disabled: Type.Boolean(),
    locked: Type.Boolean(),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'UserSummary' },
);

export const UserDetail = Type.Object(
  {
    ...UserSummary.properties,
    phone: Type.Union([Type.String(), Type.Null()], { description: 'in full; reading it is audited' }),
    gridCodes: Type.Array(Type.String()),
    mustChangePassword: Type.Boolean(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { title: 'UserDetail' },
);

export const userSortFields = ['username', 'displayName', 'createdAt', 'role'] as const;

export const UserListQuery = Strict({
  ...pageQuery,
  sort: sortQuery(userSortFields),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: 'part of the username or display name' })),
  role: Type.Optional(RoleSchema),
  divisionCode: Type.Optional(Type.String({ pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$', description: 'only users under this division' })),
  disabled: Type.Optional(Type.Boolean()),
});

export const UserPage = Page(UserSummary);

export const CreateUserBody = Strict({
  username: Type.String({ pattern: '^[a-z][a-z0-9._-]{2,31}$', description: '3–32 characters: lower-case letters, digits, . _ -' }),
  displayName: Type.String({ minLength: 1, maxLength: 50 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  role: RoleSchema,
  divisionCode: DivisionCode12,
  departmentId: Type.Optional(
    Type.String({
      format: 'uuid',
      description:
        'the handling unit: required for department accounts (a department, sub-unit, town office or social organisation of their division); a centre account may name its centre',
    }),
  ),
  phone: Type.Optional(Phone),
  gridCodes: Type.Optional(Type.Array(GridCode, { maxItems: 50, uniqueItems: true })),
});

export const UpdateUserBody = Strict(
  {
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
    gridCodes: Type.Optional(Type.Array(GridCode, { maxItems: 50, uniqueItems: true })),
  },
  { description: 'only the fields to change (at least one)', minProperties: 1 },
);

export const ResetPasswordBody = Strict({
  password: Type.String({ minLength: 1, maxLength: 128, description: 'temporary password; the user must change it at next sign-in' }),
});
