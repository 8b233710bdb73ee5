// Every audit action, named once. A new kind of write or personal-data read adds its name here.
export const auditActions = {
  /** A user signed in. */
  'auth.login': 'auth.login',
  /** A sign-in was refused: bad password, unknown user, locked or disabled account (detail says which). */
  'auth.login.failed': 'auth.login.failed',
  /** A session ended at the user's request. */
  'auth.logout': 'auth.logout',
  /** A user changed their own password. */
  'auth.password.change': 'auth.password.change',
  /** An API token was issued or revoked. */
  'auth.token.create': 'auth.token.create',
  'auth.token.revoke': 'auth.token.revoke',
  /** Accounts: created, changed (fields lists which), unlocked, password reset by a manager. */
  'user.create': 'user.create',
  'user.update': 'user.update',
  'user.unlock': 'user.unlock',
  'user.password.reset': 'user.password.reset',
  /** A user's personal data (phone) was shown in full. */
  'user.personal.read': 'user.personal.read',
  /** Kept for the rows written before handling units replaced departments (now unit.create). */
  'department.create': 'department.create',
  /** Handling units: registered; renamed, disabled, enabled or moved under another parent (fields lists which). */
  'unit.create': 'unit.create',
  'unit.update': 'unit.update',
  /** Divisions or outlines loaded from a file (command line). */
  'territory.load': 'territory.load',
  /** Art. 7 grid changes: proposed, revised, submitted, withdrawn; rejected or approved by the city centre. */
  'grid.change.propose': 'grid.change.propose',
  'grid.change.revise': 'grid.change.revise',
  'grid.change.submit': 'grid.change.submit',
  'grid.change.withdraw': 'grid.change.withdraw',
  'grid.change.reject': 'grid.change.reject',
  'grid.change.approve': 'grid.change.approve',
  /** Art. 8: a grid leader, instructor or worker was assigned to a grid, or the assignment ended. */
  'grid.team.assign': 'grid.team.assign',
  'grid.team.end': 'grid.team.end',
  'grid.team.handover': 'grid.team.handover',
  /** First start in demo mode: the generated demo grids were stored. */
  'grid.seed': 'grid.seed',
  /** Work calendar: a year's schedule replaced from the form or loaded from a file, working hours changed (city centre). */
  'calendar.year.replace': 'calendar.year.replace',
  'calendar.year.import': 'calendar.year.import',
  'calendar.hours.update': 'calendar.hours.update',
  /** Start: years of the official schedule filled in from the chinese-days package. */
  'calendar.seed': 'calendar.seed',
  /** Art. 12 matter list: a version drafted, a draft's matter added, changed or removed, a draft published (city centre). */
  'matter.list.draft': 'matter.list.draft',
  'matter.add': 'matter.add',
  'matter.update': 'matter.update',
  'matter.remove': 'matter.remove',
  'matter.list.publish': 'matter.list.publish',
  /** First start in demo mode: the demo matter list was published. */
  'matter.seed': 'matter.seed',
  /** Cases (Arts. 13–14): one name per workflow action (case-workflow.ts); each step of a case writes one. */
  /** Base information (Arts. 10–11): a record registered or changed (fields lists which), a profile read, a full personal value shown (fields names it). */
  'base.person.create': 'base.person.create',
  'base.person.update': 'base.person.update',
  'base.person.read': 'base.person.read',
  'base.personal.reveal': 'base.personal.reveal',
  /** An import job ended (detail: registry, outcome and row counts, never a value); an export was downloaded (fields: its columns). */
  'base.import': 'base.import',
  'base.export': 'base.export',

  /** Organisations (key units and places), care persons, disputes, hazards: registered or changed (fields lists which). */
  'base.organisation.create': 'base.organisation.create',
  'base.organisation.update': 'base.organisation.update',
  'base.care.create': 'base.care.create',
  'base.care.update': 'base.care.update',
  /** A care list read (fields: the kinds shown): the records are sensitive (DOMAIN.md §3). */
  'base.care.read': 'base.care.read',
  'base.dispute.create': 'base.dispute.create',
  'base.dispute.update': 'base.dispute.update',
  'base.hazard.create': 'base.hazard.create',
  'base.hazard.update': 'base.hazard.update',
  /** Watched persons: registered, changed, followed up; every read of a list or a record (fields: the kinds shown). */
  'base.watched.create': 'base.watched.create',
  'base.watched.update': 'base.watched.update',
  'base.watched.followUp': 'base.watched.followUp',
  'base.watched.read': 'base.watched.read',
  /** A registry of a division opened to a department (base_grant), or the grant revoked. */
  'base.grant.create': 'base.grant.create',
  'base.grant.revoke': 'base.grant.revoke',

  /** Places (以房管人): buildings, dwellings, households (join and leave name the member changes) and rentals. */
  'base.building.create': 'base.building.create',
  'base.building.update': 'base.building.update',
  'base.dwelling.create': 'base.dwelling.create',
  'base.dwelling.update': 'base.dwelling.update',
  'base.household.create': 'base.household.create',
  'base.household.update': 'base.household.update',
  'base.household.join': 'base.household.join',
  'base.household.leave': 'base.household.leave',
  'base.rental.create': 'base.rental.create',
  'base.rental.update': 'base.rental.update',
  /** Demo mode: the demo buildings, dwellings, persons, households and rentals were written. */
  'base.seed': 'base.seed',
  'case.report': 'case.report',
  'case.accept': 'case.accept',
  'case.reject': 'case.reject',
  'case.register': 'case.register',
  'case.dispatch': 'case.dispatch',
  'case.claim': 'case.claim',
  'case.feedback': 'case.feedback',
  'case.verifyPass': 'case.verifyPass',
  'case.verifyFail': 'case.verifyFail',
  'case.requestReturn': 'case.requestReturn',
  'case.requestExtension': 'case.requestExtension',
  'case.requestSuspension': 'case.requestSuspension',
  'case.approveReturn': 'case.approveReturn',
  'case.rejectReturn': 'case.rejectReturn',
  'case.approveExtension': 'case.approveExtension',
  'case.rejectExtension': 'case.rejectExtension',
  'case.approveSuspension': 'case.approveSuspension',
  'case.rejectSuspension': 'case.rejectSuspension',
  'case.resume': 'case.resume',
  'case.escalate': 'case.escalate',
  'case.cancel': 'case.cancel',
  'case.reclassify': 'case.reclassify',
  'case.selfResolve': 'case.selfResolve',
  'case.archive': 'case.archive',
  'case.merge': 'case.merge',
  'case.reassign': 'case.reassign',
  'case.supervise': 'case.supervise',
  /** A member of the public's contact details on a case were shown in full. */
  'case.personal.read': 'case.personal.read',
  /** A photo or file was uploaded (detail: its sniffed type; never its name). */
  'attachment.upload': 'attachment.upload',
  /** An attachment's original was sent: the evidence copy, with its EXIF and location. */
  'attachment.original.read': 'attachment.original.read',
  /** The orphan sweep removed blobs no attachment names (detail: how many were checked and removed). */
  'attachment.blobs.sweep': 'attachment.blobs.sweep',
  /** The timer sweep fired a batch of reminders, overdue markings and escalations (detail: the counts). */
  'case.timers.sweep': 'case.timers.sweep',
  /** Art. 14 routing list: a rule written, changed or deleted (city centre, or a district centre in its district). */
  'routing.rule.create': 'routing.rule.create',
  'routing.rule.update': 'routing.rule.update',
  'routing.rule.delete': 'routing.rule.delete',
  /** First start in demo mode: the demo routing rules were written. */
  'routing.seed': 'routing.seed',
  /** Open311: an API client registered (its key shown once; the demo client in demo mode), or its key revoked. */
  'open311.client.create': 'open311.client.create',
  'open311.client.revoke': 'open311.client.revoke',
  /** First start: demo accounts or the first administrator created. */
  'system.bootstrap': 'system.bootstrap',
  /** The data was restored from a backup file (command line). */
  'system.restore': 'system.restore',
  /** Every sealed personal value was re-encrypted under the current field key (command line). */
  'system.fieldKey.rotate': 'system.fieldKey.rotate',
  /** An auditor ran the chain verification. */
  'audit.verify': 'audit.verify',
} as const;
export type AuditAction = keyof typeof auditActions;
