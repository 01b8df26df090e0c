import { ActionRegistry, type ActionInput } from './action-registry.js';
import { formatDualDate } from '../i18n/dates.js';
import { Attachment } from '../messages/model.js';
import type { BeneficiaryRepository } from './beneficiaries.js';
import { UpdatableField } from './beneficiaries.js';
import type { ComplaintRepository } from './complaints.js';
import type { AssociationProfile } from './profile.js';
import { historyForApplicant } from './request-history.js';
import { Applicant, statusLabels, type RequestRepository } from './requests.js';
import type { SurveyRepository } from './surveys.js';

export interface DomainRepositories {
  requests: RequestRepository;
  beneficiaries: BeneficiaryRepository;
  complaints: ComplaintRepository;
  surveys: SurveyRepository;
}

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
export function domainActions(repos: DomainRepositories, profile: AssociationProfile): ActionRegistry {
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
        },
        when,
        key,
      );
      await repos.beneficiaries.upsertFromApplicant(applicant, ref, when);
      return {
        value: { reference: request.reference, submittedOn: both(new Date(request.submittedAt)) },
        events: [{ event: 'request.submitted', payload: { reference: request.reference, requestType: request.requestType, channel: ref.channel } }],
      };
    })
    .register('lookUpRequestStatus', async ({ data, ref, now }) => {
      let request = await repos.requests.findForApplicant(String(data.reference), String(data.nationalId));
      if (!request) return { value: { found: false } };
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
    .register('verifyBeneficiary', async ({ data }) => {
      const b = await repos.beneficiaries.verify(String(data.nationalId), String(data.currentMobile));
      return { value: { found: Boolean(b) } };
    })
    .register('updateBeneficiaryData', async ({ data, ref, now }) => {
      const field = UpdatableField.parse(data.fieldToChange);
      const value = data[`new${field[0]!.toUpperCase()}${field.slice(1)}`];
      const change = await repos.beneficiaries.update(String(data.nationalId), field, value, ref.channel, new Date(now));
      return {
        value: { updated: true },
        events: [{ event: 'beneficiary.updated', payload: { field: change.field, channel: ref.channel } }],
      };
    })
    .register('recordComplaint', async ({ data, ref, now, key }) => {
      const complaint = await repos.complaints.record(
        { kind: data.complaintKind === 'suggestion' ? 'suggestion' : 'complaint', text: String(data.complaintText), conversation: ref },
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
