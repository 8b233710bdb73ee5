// The small set of error kinds the API answers with. Each has a stable code, an HTTP status and a
// message in English and Chinese; `field` names the input at fault where there is one.
// Error messages never carry personal values: only field names and codes.

export interface ErrorBody {
  code: string;
  message: string;
  messageZh: string;
  field?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly field?: string,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      messageZh: this.messageZh,
      ...(this.field === undefined ? {} : { field: this.field }),
    };
  }
}

export const errors = {
  validation: (field: string, message: string, messageZh: string) => new AppError(400, 'validation_failed', message, messageZh, field),
  malformedJson: () => new AppError(400, 'malformed_json', 'The request body is not valid JSON.', '请求体不是有效的 JSON。', 'body'),
  payloadTooLarge: (limit: number) =>
    new AppError(413, 'payload_too_large', `The request body is larger than ${limit} bytes.`, `请求体超过 ${limit} 字节上限。`, 'body'),
  /** A file over its limit: the same code as an over-large body, naming the form field. */
  fileTooLarge: (field: string, limit: number) =>
    new AppError(413, 'payload_too_large', `The file is larger than ${limit} bytes.`, `文件超过 ${limit} 字节上限。`, field),
  unsupportedMediaType: (type = 'application/json') =>
    new AppError(415, 'unsupported_media_type', `Send the request body as ${type}.`, `请求体须为 ${type} 格式。`, 'content-type'),
  unauthenticated: () => new AppError(401, 'unauthenticated', 'Sign in first.', '请先登录。'),
  badCredentials: () => new AppError(401, 'bad_credentials', 'Wrong username or password.', '用户名或密码错误。'),
  accountLocked: (minutes: number) =>
    new AppError(
      423,
      'account_locked',
      `Too many failed logins: the account is locked for ${minutes} minutes.`,
      `登录失败次数过多，账号已锁定 ${minutes} 分钟。`,
    ),
  accountDisabled: () => new AppError(403, 'account_disabled', 'This account is disabled.', '该账号已停用。'),
  passwordChangeRequired: () => new AppError(403, 'password_change_required', 'Change your password first.', '请先修改密码。'),
  forbidden: () => new AppError(403, 'forbidden', 'Your role may not do this.', '您的角色无权执行此操作。'),
  notFound: (what = 'resource') => new AppError(404, 'not_found', `No such ${what}, or it is outside your jurisdiction.`, '记录不存在或不在您的管辖范围内。'),
  routeNotFound: () => new AppError(404, 'route_not_found', 'No such endpoint.', '接口不存在。'),
  conflict: (field: string, message: string, messageZh: string) => new AppError(409, 'conflict', message, messageZh, field),
  busy: () =>
    new AppError(
      503,
      'busy',
      'The records are being written by another task (an import, for instance); try again in a moment.',
      '相关记录正被其他任务（例如导入）写入，请稍后重试。',
    ),
  internal: () => new AppError(500, 'internal_error', 'Something went wrong on the server; it has been logged.', '服务器内部错误，已记录。'),
} as const;
