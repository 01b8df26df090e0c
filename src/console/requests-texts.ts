import type { Text } from '../i18n/text.js';
import { fill } from '../i18n/text.js';
import { esc, type Lang } from './html.js';

/** Every word the requests desk shows an officer, in Arabic (default) and English. */
export const deskTexts = {
  requests: { ar: 'طلبات الدعم', en: 'Support requests' },
  committee: { ar: 'لجنة البحث', en: 'Research committee' },
  all: { ar: 'الكل', en: 'All' },
  search: { ar: 'بحث برقم الطلب أو الهوية أو الجوال', en: 'Search by reference, national ID or mobile' },
  find: { ar: 'بحث', en: 'Search' },
  exportCsv: { ar: 'تصدير CSV', en: 'Export CSV' },
  reference: { ar: 'رقم الطلب', en: 'Reference' },
  status: { ar: 'الحالة', en: 'Status' },
  submitted: { ar: 'تاريخ التقديم', en: 'Submitted' },
  channel: { ar: 'القناة', en: 'Channel' },
  applicant: { ar: 'مقدم الطلب', en: 'Applicant' },
  type: { ar: 'نوع الدعم', en: 'Kind of support' },
  none: { ar: 'لا توجد طلبات.', en: 'No requests.' },
  overdue: { ar: 'تجاوز المدة ({days} يوماً)', en: 'Past the {days} days' },
  dueNote: { ar: 'الطلبات التي لم يُبت فيها، الأقدم أولاً. المظللة تجاوزت المدة الموعودة ({days} يوماً).', en: 'Undecided requests, oldest first. Highlighted: older than the promised {days} days.' },
  fullName: { ar: 'الاسم', en: 'Name' },
  nationalId: { ar: 'رقم الهوية', en: 'National ID' },
  mobile: { ar: 'الجوال', en: 'Mobile' },
  city: { ar: 'المدينة', en: 'City' },
  familySize: { ar: 'عدد أفراد الأسرة', en: 'Family size' },
  monthlyIncome: { ar: 'الدخل الشهري', en: 'Monthly income' },
  description: { ar: 'وصف الحاجة', en: 'Description' },
  acknowledgement: { ar: 'الإقرار', en: 'Acknowledgement' },
  consent: { ar: 'الموافقة على إشعار الخصوصية', en: 'Consent to the privacy notice' },
  noticeVersion: { ar: 'نسخة الإشعار {version}', en: 'notice version {version}' },
  recordedBy: { ar: 'سجّله الموظف {officer}', en: 'recorded by {officer}' },
  attachments: { ar: 'المرفقات', en: 'Attachments' },
  noAttachments: { ar: 'لا مرفقات.', en: 'No attachments.' },
  fileElsewhere: { ar: 'الملف محفوظ لدى المنصة ({name})', en: 'The file stays on the platform ({name})' },
  replies: { ar: 'ردود المستفيد على طلب المعلومات', en: "The beneficiary's answers to questions" },
  earlier: { ar: 'طلباته الأخرى', en: 'His other requests' },
  noEarlier: { ar: 'لا طلبات أخرى.', en: 'No other requests.' },
  differences: { ar: 'اختلافات عن سجل المستفيد', en: "Differences from the beneficiary's record" },
  noDifferences: { ar: 'لا اختلافات.', en: 'No differences.' },
  inRequest: { ar: 'في الطلب', en: 'In the request' },
  inRecord: { ar: 'في السجل', en: 'In the record' },
  history: { ar: 'سجل الحالة', en: 'Status history' },
  setStatus: { ar: 'تغيير الحالة', en: 'Set the status' },
  note: { ar: 'ملاحظة', en: 'Note' },
  shareNote: { ar: 'إبلاغ المستفيد بالملاحظة (سبب الرفض)', en: 'Tell the beneficiary the note (the reason for a rejection)' },
  save: { ar: 'حفظ', en: 'Save' },
  assign: { ar: 'الباحث الاجتماعي', en: 'Social researcher' },
  nobody: { ar: 'لم يُكلّف أحد', en: 'Nobody assigned' },
  assignButton: { ar: 'تكليف', en: 'Assign' },
  back: { ar: 'العودة إلى الطلبات', en: 'Back to the requests' },
  forbidden: { ar: 'هذا للمشرفين (لجنة البحث).', en: 'This is for supervisors (the committee).' },
  conflict: { ar: 'لا يمكن نقل الطلب إلى هذه الحالة.', en: 'The request cannot move to that status.' },
  badRequest: { ar: 'اختر حالة صحيحة.', en: 'Choose a valid status.' },
  saved: { ar: 'حُفظ.', en: 'Saved.' },
  'status:submitted': { ar: 'مستلم', en: 'Submitted' },
  'status:under-review': { ar: 'قيد الدراسة', en: 'Under review' },
  'status:accepted': { ar: 'مقبول', en: 'Accepted' },
  'status:rejected': { ar: 'مرفوض', en: 'Rejected' },
  'status:more-information-needed': { ar: 'بانتظار معلومات', en: 'More information needed' },
  'channel:webchat': { ar: 'الموقع', en: 'Web chat' },
  'channel:telegram': { ar: 'تلجرام', en: 'Telegram' },
  'channel:whatsapp': { ar: 'واتساب', en: 'WhatsApp' },
  'channel:terminal': { ar: 'الطرفية', en: 'Terminal' },
  'channel:test': { ar: 'اختبار', en: 'Test' },
  'channel:phone': { ar: 'هاتف', en: 'Phone' },
  'channel:in-person': { ar: 'حضورياً', en: 'In person' },
  'channel:letter': { ar: 'خطاب', en: 'Letter' },
  'channel:representative': { ar: 'مندوب فرع', en: 'Branch representative' },
} as const satisfies Record<string, Text>;

export type DeskTextKey = keyof typeof deskTexts;

/** A desk text in the page's language, escaped; an unknown key (a new channel) shows as itself. */
export function dt(lang: Lang, key: string, vars: Record<string, string | number> = {}): string {
  const text = (deskTexts as Record<string, Text>)[key] ?? (formTexts as Record<string, Text>)[key];
  return esc(text ? fill(text[lang], vars) : key.replace(/^\w+:/, ''));
}

/** The officer-recorded request form's words. */
export const formTexts = {
  newRequest: { ar: 'تسجيل طلب نيابة عن مستفيد', en: 'Record a request for a beneficiary' },
  intake: { ar: 'كيف وصل الطلب', en: 'How the request came in' },
  readOut: { ar: 'اقرأ الإقرار على المستفيد، ثم أكّد موافقته:', en: 'Read the acknowledgement to the applicant, then confirm he agreed:' },
  agreed: { ar: 'قرأت الإقرار على المستفيد ووافق عليه', en: 'I read the acknowledgement to the applicant and he agreed' },
  record: { ar: 'تسجيل الطلب', en: 'Record the request' },
  problems: { ar: 'فضلاً صحّح ما يلي:', en: 'Please correct the following:' },
} as const satisfies Record<string, Text>;
