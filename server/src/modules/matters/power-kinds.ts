// The kinds of power (权力类型) a matter may involve. Art. 12: matters on which the law requires
// administrative licensing, penalty or enforcement never enter the grid matter list; the schema
// accepts those kinds so the service can refuse them with the reason, rather than a bare enum error.

export const admissiblePowerKinds = [
  'publicService',
  'administrativeInspection',
  'administrativeConfirmation',
  'administrativePayment',
  'administrativeReward',
  'other',
] as const;
export const refusedPowerKinds = ['administrativeLicensing', 'administrativePenalty', 'administrativeEnforcement'] as const;
export const powerKinds = [...admissiblePowerKinds, ...refusedPowerKinds] as const;

export type AdmissiblePowerKind = (typeof admissiblePowerKinds)[number];
export type PowerKind = (typeof powerKinds)[number];

export const powerKindNames: Record<PowerKind, { zh: string; en: string }> = {
  publicService: { zh: '公共服务', en: 'Public service' },
  administrativeInspection: { zh: '行政检查', en: 'Administrative inspection' },
  administrativeConfirmation: { zh: '行政确认', en: 'Administrative confirmation' },
  administrativePayment: { zh: '行政给付', en: 'Administrative payment' },
  administrativeReward: { zh: '行政奖励', en: 'Administrative reward' },
  other: { zh: '其他', en: 'Other' },
  administrativeLicensing: { zh: '行政许可', en: 'Administrative licensing' },
  administrativePenalty: { zh: '行政处罚', en: 'Administrative penalty' },
  administrativeEnforcement: { zh: '行政强制', en: 'Administrative enforcement' },
};

export function isAdmissible(kind: PowerKind): kind is AdmissiblePowerKind {
  return (admissiblePowerKinds as readonly string[]).includes(kind);
}
