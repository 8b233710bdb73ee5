// The actions the reader may take on a case now, in one bar: by the capacity the server grants them
// on it (centre, handling unit, verifier) and the state it is in. The same components serve the
// dispatch desk, the unit's page and the case page.
import type { CaseDetail } from '../../api/types';
import { AcceptAndDispatchAction, DispatchAction } from './actions/dispatch-actions';
import {
  AcceptAction,
  ArchiveAction,
  CancelAction,
  EscalateAction,
  ReclassifyAction,
  RegisterAction,
  RejectAction,
  ResumeAction,
} from './actions/centre-actions';
import { ClaimAction, ExtensionAction, FeedbackAction, ReturnAction, SuspensionAction, VerifyAction } from './actions/unit-actions';
import { mayTake } from './case-labels';

export function CaseActionBar({ c, onDone }: { c: CaseDetail; onDone: (next: CaseDetail) => void }) {
  const s = c.status;
  const props = { c, onDone };
  const centre = c.capacity.centre;
  const mine = c.capacity.unit ? c.myUnit : null;
  const lead = mine?.role === 'lead';
  // The road to dispatch needs a matter by the time of registration: the manual dispatch asks for one.
  const canWalk = centre && mayTake('dispatchRoad', s);
  return (
    <div className="case-action-bar" data-testid="case-action-bar">
      {canWalk && c.matterCode && c.suggestion && <AcceptAndDispatchAction {...props} />}
      {canWalk && <DispatchAction {...props} />}
      {centre && mayTake('accept', s) && <AcceptAction {...props} />}
      {centre && mayTake('register', s) && <RegisterAction {...props} />}
      {centre && mayTake('reject', s) && <RejectAction {...props} />}
      {centre && mayTake('resume', s) && <ResumeAction {...props} />}
      {centre && mayTake('reclassify', s) && <ReclassifyAction {...props} />}
      {centre && mayTake('archive', s) && <ArchiveAction {...props} />}

      {mine?.status === 'dispatched' && mayTake('claim', s) && <ClaimAction {...props} />}
      {mine?.status === 'claimed' && mayTake('feedback', s) && <FeedbackAction {...props} />}
      {mine && mine.status !== 'fedBack' && mayTake('requestReturn', s) && <ReturnAction {...props} />}
      {lead && mine?.status === 'claimed' && mayTake('requestExtension', s) && <ExtensionAction {...props} />}
      {lead && mine?.status === 'claimed' && mayTake('requestSuspension', s) && <SuspensionAction {...props} />}

      {c.capacity.verifier && mayTake('verify', s) && <VerifyAction {...props} />}

      {centre && mayTake('escalate', s) && c.centreCode.slice(4) !== '00000000' && <EscalateAction {...props} />}
      {centre && mayTake('cancel', s) && <CancelAction {...props} />}
    </div>
  );
}
