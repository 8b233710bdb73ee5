// What makes a person record valid (DOMAIN.md §3), as one pure function used by the API and by
// imports alike: it collects every problem (an import reports them all, row by row) and returns the
// values to store, with birth date and sex derived from the ID number. Problems name the field and
// say what is wrong in English and Chinese; they never echo the value.
import { isIsoDate } from '../../lib/dates.js';
import { parseIdNumber } from '../../lib/id-number.js';
import { parsePhone } from '../../lib/phone.js';

export const residencies = ['registered', 'floating', 'foreign'] as const;
export type Residency = (typeof residencies)[number];
export const idKinds = ['idCard', 'passport', 'other'] as const;
export type IdKind = (typeof idKinds)[number];
export const sexes = ['male', 'female', 'unknown'] as const;
export type Sex = (typeof sexes)[number];

export interface Problem {
  field: string;
  message: string;
  messageZh: string;
}

/** A person as entered: a form, a JSON body or an import row. */
export interface PersonInput {
  name: string;
  formerName?: string | null;
  sex?: Sex | null;
  birthDate?: string | null;
  ethnicity?: string | null;
  idKind: IdKind;
  idNumber?: string | null;
  phone?: string | null;
  nativePlace?: string | null;
  maritalStatus?: string | null;
  politicalStatus?: string | null;
  education?: string | null;
  religion?: string | null;
  occupation?: string | null;
  registeredAddress?: string | null;
  currentAddress?: string | null;
  residency: Residency;
  moveInReason?: string | null;
  movedInOn?: string | null;
  registeredOn?: string | null;
  expectedLeaveOn?: string | null;
  originCode?: string | null;
  residencePermit?: string | null;
  nationality?: string | null;
}

/** The checked values, personal ones still in plain text (the service seals them). */
export interface PersonValues extends Omit<PersonInput, 'sex'> {
  sex: Sex;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
}

const floatingFields = ['moveInReason', 'movedInOn', 'registeredOn', 'expectedLeaveOn', 'originCode', 'residencePermit'] as const;

function blank(v: string | null | undefined): v is null | undefined | '' {
  return v === null || v === undefined || v.trim() === '';
}

export function checkPerson(input: PersonInput, today: string): { values: PersonValues; problems: [] } | { values?: undefined; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (field: string, message: string, messageZh: string) => problems.push({ field, message, messageZh });

  const name = input.name.trim();
  if (name === '') problem('name', 'Give the name.', '请填写姓名。');
  if (!residencies.includes(input.residency)) problem('residency', 'Residency must be registered, floating or foreign.', '人口类型须为户籍、流动或境外。');

  let birthDate = blank(input.birthDate) ? null : (input.birthDate as string).trim();
  let sex: Sex = input.sex ?? 'unknown';
  let idNumber: string | null = blank(input.idNumber) ? null : (input.idNumber as string).trim();
  if (birthDate !== null && !isIsoDate(birthDate)) {
    problem('birthDate', 'The birth date must be a real date, YYYY-MM-DD.', '出生日期须为有效日期（YYYY-MM-DD）。');
    birthDate = null;
  }

  if (input.idKind === 'idCard') {
    if (idNumber === null) {
      problem('idNumber', 'Give the ID number (公民身份号码).', '请填写公民身份号码。');
    } else {
      const parsed = parseIdNumber(idNumber, today);
      if (!parsed.ok) {
        const why = {
          format: ['must be 18 characters: 17 digits and a digit or X', '须为 18 位：17 位数字加 1 位数字或 X'],
          region: ['its region code is not a Chinese province', '地区码不是有效的省级行政区划'],
          birthDate: ['its birth date is not a real date, or is in the future', '其中的出生日期无效或晚于今天'],
          checkDigit: ['its check digit is wrong', '校验码错误'],
        }[parsed.problem];
        problem('idNumber', `The ID number ${why[0]}.`, `公民身份号码${why[1]}。`);
        idNumber = null;
      } else {
        idNumber = parsed.info.value;
        if (birthDate !== null && birthDate !== parsed.info.birthDate) {
          problem('birthDate', 'The birth date does not match the ID number.', '出生日期与公民身份号码不符。');
        }
        if (input.sex && input.sex !== 'unknown' && input.sex !== parsed.info.sex) {
          problem('sex', 'The sex does not match the ID number.', '性别与公民身份号码不符。');
        }
        birthDate = parsed.info.birthDate;
        sex = parsed.info.sex;
      }
    }
    if (input.residency === 'foreign')
      problem('idKind', 'A foreigner is registered with a passport or another document, not a resident ID card.', '境外人员应以护照或其他证件登记。');
  } else if (idNumber !== null && !/^[A-Za-z0-9-]{5,30}$/.test(idNumber)) {
    problem('idNumber', 'A document number is 5 to 30 letters, digits or dashes.', '证件号码须为 5 至 30 位字母、数字或连字符。');
    idNumber = null;
  } else if (idNumber !== null) {
    idNumber = idNumber.toUpperCase();
  }

  if (birthDate !== null && birthDate > today) problem('birthDate', 'The birth date is in the future.', '出生日期晚于今天。');

  let phone: string | null = null;
  if (!blank(input.phone)) {
    const parsed = parsePhone(input.phone as string);
    if (parsed.ok) phone = parsed.value;
    else problem('phone', 'The phone number is not a mainland mobile or a landline with its area code.', '联系电话须为手机号码或带区号的固定电话。');
  }

  if (input.residency === 'foreign' && blank(input.nationality)) problem('nationality', 'Give the nationality of a foreigner.', '境外人员须填写国籍。');

  if (input.residency === 'floating') {
    const moved = blank(input.movedInOn) ? null : (input.movedInOn as string).trim();
    const registered = blank(input.registeredOn) ? null : (input.registeredOn as string).trim();
    const leaving = blank(input.expectedLeaveOn) ? null : (input.expectedLeaveOn as string).trim();
    if (moved === null) problem('movedInOn', 'Give the date the person moved in.', '请填写流入日期。');
    for (const [field, value] of [
      ['movedInOn', moved],
      ['registeredOn', registered],
      ['expectedLeaveOn', leaving],
    ] as const) {
      if (value !== null && !isIsoDate(value)) problem(field, 'Must be a real date, YYYY-MM-DD.', '须为有效日期（YYYY-MM-DD）。');
    }
    const ok = (d: string | null): d is string => d !== null && isIsoDate(d);
    if (ok(moved) && moved > today) problem('movedInOn', 'The move-in date is after today.', '流入日期不能晚于今天。');
    if (ok(moved) && birthDate !== null && moved < birthDate) problem('movedInOn', 'The move-in date is before the birth date.', '流入日期不能早于出生日期。');
    if (ok(registered) && registered > today) problem('registeredOn', 'The registration date is after today.', '登记日期不能晚于今天。');
    if (ok(registered) && ok(moved) && registered < moved)
      problem('registeredOn', 'The registration date is before the move-in date.', '登记日期不能早于流入日期。');
    if (ok(leaving) && ok(moved) && leaving < moved)
      problem('expectedLeaveOn', 'The expected leaving date is before the move-in date.', '预计离开日期不能早于流入日期。');
    if (!blank(input.originCode) && !/^\d{6}$/.test((input.originCode as string).trim())) {
      problem('originCode', 'The origin is a 6-digit division code.', '来源地须为 6 位行政区划代码。');
    }
  } else {
    for (const field of floatingFields) {
      if (!blank(input[field])) problem(field, 'Only the floating population has this field.', '仅流动人口填写此项。');
    }
  }

  if (problems.length > 0) return { problems };
  const trimmed = (v: string | null | undefined) => (blank(v) ? null : (v as string).trim());
  return {
    problems: [],
    values: {
      name,
      formerName: trimmed(input.formerName),
      sex,
      birthDate,
      ethnicity: trimmed(input.ethnicity),
      idKind: input.idKind,
      idNumber,
      phone,
      nativePlace: trimmed(input.nativePlace),
      maritalStatus: trimmed(input.maritalStatus),
      politicalStatus: trimmed(input.politicalStatus),
      education: trimmed(input.education),
      religion: trimmed(input.religion),
      occupation: trimmed(input.occupation),
      registeredAddress: trimmed(input.registeredAddress),
      currentAddress: trimmed(input.currentAddress),
      residency: input.residency,
      moveInReason: trimmed(input.moveInReason),
      movedInOn: trimmed(input.movedInOn),
      registeredOn: trimmed(input.registeredOn),
      expectedLeaveOn: trimmed(input.expectedLeaveOn),
      originCode: trimmed(input.originCode),
      residencePermit: trimmed(input.residencePermit),
      nationality: trimmed(input.nationality),
    },
  };
}
