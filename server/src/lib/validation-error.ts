// Turns a schema-validation failure into the API's error body: which field, what is wrong, in
// English and Chinese. The offending value is never echoed (it may be personal data).
import type { FastifySchemaValidationError } from 'fastify/types/schema.js';
import { type AppError, errors } from './errors.js';

const contextName: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

function fieldOf(e: FastifySchemaValidationError, context: string): string {
  const base = contextName[context] ?? context;
  const path = e.instancePath
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required' && typeof params.missingProperty === 'string') path.push(params.missingProperty);
  if (e.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') path.push(params.additionalProperty);
  return [base, ...path].join('.');
}

function zhReason(e: FastifySchemaValidationError): string {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return '缺少必填字段';
    case 'additionalProperties':
      return '不接受此字段';
    case 'type':
      return `类型不正确，应为 ${String(params.type)}`;
    case 'minLength':
      return `长度不能少于 ${String(params.limit)}`;
    case 'maxLength':
      return `长度不能超过 ${String(params.limit)}`;
    case 'minimum':
      return `不能小于 ${String(params.limit)}`;
    case 'maximum':
      return `不能大于 ${String(params.limit)}`;
    case 'maxItems':
      return `最多 ${String(params.limit)} 项`;
    case 'minProperties':
      return '至少需要一个字段';
    case 'uniqueItems':
      return '不能有重复项';
    case 'format':
      return `格式不正确，应为 ${String(params.format)}`;
    case 'pattern':
      return '格式不正确';
    case 'nul':
      return '不能包含空字符（NUL）';
    default:
      return '取值不符合要求';
  }
}

function enReason(e: FastifySchemaValidationError): string {
  if (e.keyword === 'required') return 'is required';
  if (e.keyword === 'additionalProperties') return 'is not accepted here';
  if (e.keyword === 'anyOf' || e.keyword === 'const' || e.keyword === 'enum') return 'is not one of the allowed values';
  return e.message ?? 'is invalid';
}

export function validationError(list: FastifySchemaValidationError[], context: string): AppError {
  // anyOf reports each branch before itself; the most specific (deepest) message is the useful one.
  const e = [...list].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!e) return errors.validation(contextName[context] ?? context, 'The request is invalid.', '请求无效。');
  const field = fieldOf(e, context);
  return errors.validation(field, `${field} ${enReason(e)}.`, `字段 ${field} ${zhReason(e)}。`);
}
