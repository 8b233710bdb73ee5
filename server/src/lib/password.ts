// Password hashing with argon2id. Production uses argon2's defaults (64 MiB, 3 passes); tests pass
// a cheaper cost so a suite can create many accounts.
import argon2 from 'argon2';

export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

export const productionCost: PasswordCost = { memoryCost: 65536, timeCost: 3 };

export class PasswordHasher {
  // A hash to verify against when the user does not exist, so both paths take the same time.
  private dummy: Promise<string> | undefined;

  constructor(private readonly cost: PasswordCost = productionCost) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  async burn(password: string): Promise<void> {
    this.dummy ??= this.hash('wangge-timing-equaliser');
    await this.verify(await this.dummy, password);
  }
}

/** Art. 10 asks for least privilege; weak passwords undo it. Returns a problem or undefined. */
export function passwordProblem(password: string, username: string): { en: string; zh: string } | undefined {
  if (password.length < 10) return { en: 'must be at least 10 characters', zh: '长度至少 10 位' };
  if (password.length > 128) return { en: 'must be at most 128 characters', zh: '长度不能超过 128 位' };
  if (password.toLowerCase().includes(username.toLowerCase())) return { en: 'must not contain the username', zh: '不能包含用户名' };
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (classes < 2) return { en: 'must mix at least two of: lower case, upper case, digits, symbols', zh: '须包含小写字母、大写字母、数字、符号中的至少两类' };
  return undefined;
}
