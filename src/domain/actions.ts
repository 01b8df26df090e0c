import { ActionRegistry, type ActionInput } from './action-registry.js';
import { formatDualDate } from '../i18n/dates.js';
import { maskNationalId } from '../text/mask.js';
import { Attachment } from '../messages/model.js';
import type { BeneficiaryRepository } from './beneficiaries.js';
import { UpdatableField } from './beneficiaries.js';
import type { ComplaintRepository } from './complaints.js';
import type { ContactProofs } from './contact-proofs.js';
import { REQUEST_FILE_TTL_SECONDS, type AttachmentStore } from '../store/attachments.js';
import type { Counters } from '../store/counters.js';
import type { PrivacyService } from './privacy.js';
import type { AssociationProfile } from './profile.js';
import { historyForApplicant } from './request-history.js';
import { Applicant, statusLabels, type RequestRepository } from './requests.js';
import type { SurveyRepository } from './surveys.js';

export interface DomainRepositories {
  requests: RequestRepository;
  beneficiaries: BeneficiaryRepository;
  complaints: ComplaintRepository;
  surveys: SurveyRepository;
  proofs: ContactProofs;
  counters: Counters;
  attachments: AttachmentStore;
  privacy: PrivacyService;
}

/** The verified national ID of the form, or an error: the rights actions run only after verification. */
function verifiedId(data: ActionInput['data']): string {
  const verified = data.verified as { found?: boolean } | undefined;
  if (!verified?.found) throw new Error('a data-rights action without verification');
  return String(data.nationalId);
}

export interface DomainLimits {
  /** Failed request-status look-ups per conversation, and per national ID, per day (`LIMIT_STATUS_FAILURES_PER_DAY`). */
  statusFailuresPerDay: number;
}

const DAY_MS = 24 * 3600_000;

/** The acknowledgement the applicant agrees to before submitting (kept word for word with the request). */
export const ACKNOWLEDGEMENT_TEXT =
  'أقر بأن جميع البيانات المقدمة صحيحة، وأنني مسؤول مسؤولية مباشرة عن صحتها. / I confirm that all the data given is correct and that I am directly responsible for its accuracy.';

function at(data: ActionInput['data'], field: string, fallback: number): string {
  const answered = data.answeredAt as Record<string, number> | undefined;
  return new Date(answered?.[field] ?? fallback).toISOString();
}

function both(date: Date): { ar: string; en: string } {
  return { ar: formatDualDate(date, 'ar'), en: formatDualDate(date, 'en') };
}

/** The actions the shipped flows call, bound to the repositories. */
export function domainActions(repos: DomainRepositories, profile: AssociationProfile, limits: DomainLimits = { statusFailuresPerDay: 5 }): ActionRegistry {
  return new ActionRegistry()
    .register('submitSupportRequest', async ({ data, ref, now, key, locale }) => {
      const when = new Date(now);
      const applicant = Applicant.parse({
        fullName: data.fullName,
        nationalId: data.nationalId,
        mobile: data.mobile,
        city: data.city,
        familySize: data.familySize,
        monthlyIncome: data.monthlyIncome,
      });
      const document = Attachment.safeParse(data.document);
      // The record is compared, never overwritten: a stranger who knows an ID files a request, not a takeover.
      const filed = await repos.beneficiaries.fileApplicant(applicant, ref, when, await repos.proofs.get(ref));
      const request = await repos.requests.create(
        {
          applicant,
          requestType: String(data.requestType),
          description: String(data.description ?? ''),
          attachments: document.success ? [document.data] : [],
          consent: { noticeVersion: profile.privacyNotice.version, at: at(data, 'consent', now), channel: ref.channel },
          acknowledgement: { at: at(data, 'acknowledged', now), channel: ref.channel, text: ACKNOWLEDGEMENT_TEXT },
          conversation: ref,
          locale,
          differences: filed.differences,
        },
        when,
        key,
      );
      // A file the request keeps lives as long as requests' files; any other lives with its conversation.
      for (const a of request.attachments) if (a.storageKey) await repos.attachments.keepFor(a.storageKey, REQUEST_FILE_TTL_SECONDS);
      return {
        value: { reference: request.reference, submittedOn: both(new Date(request.submittedAt)) },
        events: [
          {
            event: 'request.submitted',
            payload: { reference: request.reference, requestType: request.requestType, channel: ref.channel, differsFromRecord: request.differences.length > 0 },
          },
        ],
      };
    })
    .register('lookUpRequestStatus', async ({ data, ref, now }) => {
      // References are sequential: without a limit, trying them with someone's ID would tell
      // whether he asked a charity for help. Failures count per conversation and per ID.
      const nationalId = String(data.nationalId);
      const counters = [`lookup:conv:${ref.channel}:${ref.address}`, `lookup:nid:${nationalId}`];
      const seen = await Promise.all(counters.map((c) => repos.counters.peek(c)));
      if (seen.some((c) => c.current >= limits.statusFailuresPerDay)) return { value: { found: false, limited: true } };
      let request = await repos.requests.findForApplicant(String(data.reference), nationalId);
      if (!request) {
        await Promise.all(counters.map((c) => repos.counters.hit(c, DAY_MS)));
        return { value: { found: false } };
      }
      // A request an officer recorded has no chat: the one he looks it up from is where its notices go.
      if (!request.conversation) {
        request = await repos.requests.update(request.reference, `beneficiary:${ref.channel}`, new Date(now), 'request-contact', (r) => ({ ...r, conversation: ref }), { channel: ref.channel });
      }
      return {
        value: {
          found: true,
          reference: request.reference,
          statusLabel: statusLabels[request.status],
          submittedOn: both(new Date(request.submittedAt)),
          history: historyForApplicant(request),
        },
      };
    })
    .register('addRequestInfo', async ({ data, ref, now }) => {
      // What he sent after the committee's question: {text}, {attachment} or both.
      const answer = (data.infoAnswer ?? {}) as { text?: unknown; attachment?: unknown };
      const attachment = Attachment.safeParse(answer.attachment);
      const at = new Date(now);
      const request = await repos.requests.addReply(
        String(data.infoReference),
        { at: at.toISOString(), channel: ref.channel, ...(typeof answer.text === 'string' ? { text: answer.text } : {}), ...(attachment.success ? { attachment: attachment.data } : {}) },
        at,
      );
      return { value: { saved: true, status: request.status } };
    })
    .register('verifyBeneficiary', async ({ data, ref }) => {
      const v = await repos.beneficiaries.verify(String(data.nationalId), String(data.currentMobile), ref, await repos.proofs.get(ref));
      return { value: v ? { found: true, by: v.by } : { found: false } };
    })
    .register('updateBeneficiaryData', async ({ data, ref, now }) => {
      const verified = data.verified as { found?: boolean; by?: 'channel' | 'mobile' } | undefined;
      if (!verified?.found) throw new Error('an update without verification');
      const field = UpdatableField.parse(data.fieldToChange);
      const value = data[`new${field[0]!.toUpperCase()}${field.slice(1)}`];
      const change = await repos.beneficiaries.update(String(data.nationalId), field, value, {
        channel: ref.channel,
        at: new Date(now),
        ...(verified.by ? { verifiedBy: verified.by } : {}),
        ...(data.consent === true ? { consent: { noticeVersion: profile.privacyNotice.version, at: at(data, 'consent', now), channel: ref.channel } } : {}),
        conversation: ref,
      });
      return {
        value: { updated: true },
        events: [{ event: 'beneficiary.updated', payload: { field: change.field, channel: ref.channel } }],
      };
    })
    .register('showMyData', async ({ data, ref }) => {
      const nationalId = verifiedId(data);
      const held = await repos.privacy.collect(nationalId);
      const b = await repos.beneficiaries.get(nationalId);
      await repos.privacy.audit({ action: 'viewed', by: `beneficiary:${ref.channel}`, subject: `ID ${maskNationalId(nationalId)}` });
      const lines = (lang: 'ar' | 'en') => {
        const l = lang === 'ar';
        const out = b
          ? [
              `${l ? 'الاسم' : 'Name'}: ${b.fullName}`,
              `${l ? 'رقم الهوية' : 'ID'}: ${maskNationalId(b.nationalId)}`,
              `${l ? 'الجوال' : 'Mobile'}: ${b.mobile.replace(/^\+966/, '0')}`,
              `${l ? 'المدينة' : 'City'}: ${profile.cities.find((c) => c.id === b.city)?.label[lang] ?? b.city}`,
              `${l ? 'عدد أفراد الأسرة' : 'Family size'}: ${b.familySize}`,
              `${l ? 'الدخل الشهري' : 'Monthly income'}: ${b.monthlyIncome}`,
            ]
          : [];
        for (const r of held.requests) out.push(`${l ? 'طلب' : 'Request'} ${r.reference}: ${statusLabels[r.status][lang]}`);
        out.push(`${l ? 'تعديلات مسجلة على بياناتك' : 'Recorded changes to your data'}: ${held.history.length}`);
        return out.join('\n');
      };
      return { value: { summary: { ar: lines('ar'), en: lines('en') } } };
    })
    .register('requestCorrection', async ({ data, ref, now }) => {
      const nationalId = verifiedId(data);
      await repos.privacy.recordRights(nationalId, { kind: 'correction', at: new Date(now).toISOString(), channel: ref.channel, text: String(data.correction ?? '') });
      return { value: { recorded: true } };
    })
    .register('requestDeletion', async ({ data, ref, now }) => {
      const nationalId = verifiedId(data);
      const reason = await repos.privacy.mustKeep(nationalId, now);
      if (reason) {
        await repos.privacy.recordRights(nationalId, { kind: 'deletion', at: new Date(now).toISOString(), channel: ref.channel, outcome: 'kept' });
        return { value: { erased: false, reason } };
      }
      await repos.privacy.erase(nationalId, `beneficiary:${ref.channel}`, now);
      return { value: { erased: true } };
    })
    .register('recordComplaint', async ({ data, ref, now, key }) => {
      const complaint = await repos.complaints.record(
        {
          kind: data.complaintKind === 'suggestion' ? 'suggestion' : 'complaint',
          text: String(data.complaintText),
          conversation: ref,
          ...(data.consent === true ? { consent: { noticeVersion: profile.privacyNotice.version, at: at(data, 'consent', now), channel: ref.channel } } : {}),
        },
        new Date(now),
        key,
      );
      return {
        value: { reference: complaint.reference },
        events: [{ event: 'complaint.recorded', payload: { reference: complaint.reference, kind: complaint.kind, channel: ref.channel } }],
      };
    })
    .register('recordSurveyAnswer', async ({ data, ref, now }) => {
      // The survey flow calls this after each question: the answers so far, from his own conversation.
      const r = await repos.surveys.recordAnswers(String(data.surveyId ?? ''), ref, data, now);
      return { value: { closed: r.closed } };
    });
}
