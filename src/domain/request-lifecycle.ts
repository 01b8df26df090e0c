import { z } from 'zod';
import { SanadError } from '../errors.js';
import type { Text } from '../i18n/text.js';

/**
 * A request's life: `submitted → under-review → accepted | rejected | more-information-needed`,
 * and back to `under-review` when the beneficiary sends what was asked. The committee may also
 * decide a request straight from `submitted`. `accepted` and `rejected` are final.
 */
export const RequestStatus = z.enum(['submitted', 'under-review', 'accepted', 'rejected', 'more-information-needed']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** Records written before the lifecycle had its final names (`more-info`) still read. */
export const StoredStatus = z.preprocess((v) => (v === 'more-info' ? 'more-information-needed' : v), RequestStatus);

export const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  submitted: ['under-review', 'accepted', 'rejected', 'more-information-needed'],
  'under-review': ['accepted', 'rejected', 'more-information-needed'],
  'more-information-needed': ['under-review', 'accepted', 'rejected'],
  accepted: [],
  rejected: [],
};

/** The statuses the beneficiary is told about on his channel. */
export const NOTIFIED: readonly RequestStatus[] = ['accepted', 'rejected', 'more-information-needed'];
/** The statuses still waiting for the committee (the SLA clock runs). */
export const OPEN: readonly RequestStatus[] = ['submitted', 'under-review', 'more-information-needed'];

export const statusLabels: Record<RequestStatus, Text> = {
  submitted: { ar: 'مستلم، بانتظار دراسة لجنة البحث', en: 'Received, awaiting the research committee' },
  'under-review': { ar: 'قيد الدراسة لدى لجنة البحث', en: 'Under review by the research committee' },
  'more-information-needed': { ar: 'نحتاج منك معلومات إضافية', en: 'More information is needed from you' },
  accepted: { ar: 'مقبول', en: 'Accepted' },
  rejected: { ar: 'غير مقبول', en: 'Not accepted' },
};

/** Whether a request submitted at `submittedAt` has waited longer than the promised period at `now`. */
export function overdue(status: RequestStatus, submittedAt: string, now: number, slaDays: number): boolean {
  return OPEN.includes(status) && now - Date.parse(submittedAt) > slaDays * 86_400_000;
}

/** A request that is not there (404), or a change its status does not allow (409). */
export const noRequest = (reference: string) => new SanadError('SANAD_ERR_NO_REQUEST', `no request has the reference ${reference}`);
export const badMove = (from: RequestStatus, to: RequestStatus) =>
  new SanadError('SANAD_ERR_REQUEST_STATUS', `a request that is ${from} cannot become ${to}${TRANSITIONS[from].length ? ` (it may become ${TRANSITIONS[from].join(', ')})` : ' (it is decided)'}`);
