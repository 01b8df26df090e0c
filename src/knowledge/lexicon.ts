/**
 * The language knowledge the matcher brings to any association's knowledge base: Saudi dialect
 * variants mapped to one form, common Arabizi words, English domain words with their Arabic
 * counterpart, and the greetings and courtesies that wrap a question. Every key and value is in
 * the normalised form (`normalizeArabic`: ا for hamza forms, ه for ة, ي for ى).
 *
 * Why a word map at all: the knowledge base's examples cannot list every spelling of "I want"
 * (ابي، ابغى، ابغي، اريد، ودي، بدي، abi, abgha …). Mapping them to one form lets a handful of
 * examples cover all of them; on our evaluation set it was the largest single gain.
 */

/** Dialect and spelling variants → one canonical word. */
export const VARIANTS: Record<string, readonly string[]> = {
  ابي: ['ابغي', 'ابغا', 'ابا', 'اريد', 'ابيه', 'ابغيت', 'بدي', 'ودي', 'نبي', 'نبغي', 'نبغا', 'نريد', 'اببي', 'ابى', 'حاب', 'حابه', 'ابيي', 'ابغيي', 'عايز', 'عاوز', 'عايزه', 'عاوزه', 'عايزين', 'حابب', 'بدنا', 'بغيت', 'يبا', 'تبا', 'نبا', 'ودنا', 'حابين', 'ابيك', 'اشتي', 'نشتي', 'ابغاه', 'ابغاها'],
  وش: ['ايش', 'اش', 'شو', 'شنو', 'ويش', 'ماذا', 'شنهو', 'وشو', 'ايشي', 'وشي', 'ايه', 'وشهو', 'وشهي', 'ايشهو', 'شنهي', 'اشو'],
  وين: ['فين', 'اين', 'وينكم', 'وينه', 'وينها', 'فينكم'],
  متي: ['امتي', 'ايمتي', 'متين', 'امته', 'متا', 'ايمتا', 'امتا'],
  كيف: ['شلون', 'كيفيه', 'كيفية', 'ازاي', 'ازاى', 'كيفاش', 'وشلون', 'اشلون'],
  ليش: ['لماذا', 'ليه', 'لمه', 'لاه', 'علاه', 'ليشن', 'شحقه', 'شحقا', 'لويش'],
  الان: ['الحين', 'دحين', 'الحينه', 'حاليا', 'هالحين', 'ذحين', 'ذلحين', 'دلحين', 'دلوقتي', 'هلق', 'هلأ', 'هسه', 'هسع'],
  عشان: ['علشان', 'لاجل', 'لكي', 'عشانه', 'مشان', 'عسب', 'عشب'],
  اقدر: ['استطيع', 'يمكنني', 'اقدري', 'نقدر', 'يمديني', 'يمدي', 'اقدرر', 'فيني', 'بقدر', 'بقدرش', 'ينفع', 'ينفعني'],
  احتاج: ['محتاج', 'محتاجه', 'نحتاج', 'محتاجين', 'احتاجه', 'ابيلي', 'يبيلي', 'يبغالي', 'لازمني'],
  اكلم: ['اتكلم', 'اتحدث', 'احاكي', 'اكالم', 'نكلم', 'احكي'],
  شخص: ['انسان', 'بشري', 'اشخاص', 'حد'],
  جوال: ['موبايل', 'هاتف', 'تلفون', 'تليفون', 'الجوال', 'الهاتف', 'التلفون', 'جوالات'],
  موقع: ['لوكيشن', 'لوكيشين', 'لوكيشنكم', 'اللوكيشن', 'الموقع', 'موقعكم', 'مكانكم', 'مكان', 'المكان'],
  ايميل: ['الايميل', 'ايميلكم', 'بريد', 'البريد', 'الإيميل', 'ايميلات'],
  واتساب: ['واتس', 'الواتس', 'الواتساب', 'وتساب', 'واتسب', 'واتسابكم'],
  اوراق: ['الاوراق', 'ورق', 'الورق', 'مستندات', 'المستندات', 'وثائق', 'الوثائق', 'اثباتات', 'الاثباتات', 'اوراقي', 'مستند', 'المستند', 'الاوراق'],
  تقفلون: ['تسكرون', 'تغلقون', 'تقفلوا', 'تسكروا', 'مسكرين', 'مقفلين', 'بتسكرو', 'بتسكروا', 'قافلين', 'بتقفلوا'],
  تفتحون: ['تفتحوا', 'فاتحين', 'مفتوحين', 'تفتحو', 'بتفتحو', 'بتفتحوا'],
  تداومون: ['تداومو', 'تداوموا', 'داومين'],
  تطوع: ['التطوع', 'اتطوع', 'تطوعي', 'تطوعيه', 'متطوع', 'متطوعه', 'متطوعين', 'التطوعيه', 'نتطوع', 'تطوعا'],
  تبرع: ['التبرع', 'اتبرع', 'تبرعات', 'التبرعات', 'نتبرع', 'متبرع', 'اتصدق', 'صدقه', 'الصدقه', 'صدقات', 'تبرعي'],
  شكوي: ['الشكوي', 'شكاوي', 'اشتكي', 'اشكي', 'شكوتي', 'نشتكي', 'بلاغ', 'تظلم', 'اتظلم', 'نتظلم', 'التظلم', 'متظلم', 'ظلمتوني', 'ظلمتونا', 'مظلوم', 'مظلومه', 'انظلمت'],
  اقتراح: ['مقترح', 'مقترحات', 'اقتراحي', 'اقتراحات', 'الاقتراح', 'المقترح'],
  شكرا: ['مشكور', 'مشكورين', 'مشكوره', 'شكرن', 'شكرًا', 'تسلم', 'تسلمين', 'تسلمون', 'شاكر', 'شاكرين', 'يسلمو', 'يسلموا', 'تسلموا', 'تسلمو', 'متشكر', 'متشكرين', 'متشكره', 'ممنون', 'ممنونه', 'ممنونين', 'يسلمك', 'يسلمكم', 'ماقصرتوا', 'ماقصرتو', 'ماقصرت'],
  طلب: ['الطلب', 'طلبات', 'الطلبات', 'معامله', 'المعامله'],
  مساعده: ['المساعده', 'مساعدات', 'المساعدات', 'معونه', 'اعانه', 'المعونه', 'فزعه', 'الفزعه', 'فزعتكم'],
  جمعيه: ['الجمعيه', 'جمعيتكم', 'الجمعيا', 'جمعيا', 'جمعيتكو'],
  بيانات: ['البيانات', 'بياناتي', 'معلومات', 'المعلومات', 'معلوماتي', 'بياناتنا', 'معلوماتنا'],
  تمام: ['اوكي', 'اوك', 'طيب', 'زين', 'حلو'],
  عيال: ['اطفال', 'اولاد', 'ولاد', 'ولادي', 'عيالي', 'اطفالي', 'اولادي', 'ابنائي', 'ابناء', 'بزران', 'بزارين', 'جهال', 'جهالي', 'ورعان', 'بزر'],
  ايجار: ['الايجار', 'اجار', 'الاجار', 'ايجارات'],
  ساعه: ['الساعه', 'الساعة'],
  كم: ['قديش', 'قداش', 'كام', 'اديش', 'شقد', 'شكثر', 'جم', 'بكام'],
  حقي: ['بتاعي', 'بتاعتي', 'حقتي', 'حقني'],
  حق: ['بتاع', 'بتاعه', 'بتاعة', 'حقت', 'حقة'],
  زوجي: ['رجلي', 'ريلي', 'جوزي'],
  // Southern and Najdi: اني for انا, حنا for احنا, ذي/ذيك for هذي, مير for بس (but), علمني/خبرني for "tell me".
  انا: ['اني', 'انني', 'آنا'],
  احنا: ['حنا', 'نحن', 'احنى'],
  هذي: ['ذي', 'ذيك', 'هاذي', 'هذيك', 'ذيه', 'هذه'],
  هذا: ['ذا', 'هاذا', 'هذاك', 'ذاك', 'دا', 'ده'],
  بس: ['مير', 'لكن', 'بسس'],
  // Still / not yet (Hijazi and Egyptian لسه, Najdi and Gulf للحين), who (منو), with (Gulf ويا).
  للحين: ['لسه', 'لسا', 'لساتو', 'لسع', 'لحد الان', 'للحينه', 'لين الحين'],
  مين: ['منو', 'منهو', 'مينو', 'مين هو'],
  معكم: ['وياكم', 'معاكم', 'معاكو', 'وياكو'],
  معي: ['وياي', 'معايا', 'معاي'],
  اعرف: ['علمني', 'علموني', 'خبرني', 'خبروني', 'قولولي', 'فهموني', 'فهمني'],
  فلوس: ['مصاري', 'بيزات', 'مبلغ', 'قروش', 'بيسات'],
  // Issue 15, round 5: Kuwaiti, Emirati, Bahraini and Qatari words (ي for ج: ييب «bring»; باجر tomorrow,
  // عسب so that, شحقه why, اكو/ماكو there is/isn't, مب/هب not, چذي like this).
  فيه: ['اكو', 'اكوو'],
  مافيه: ['ماكو', 'مافي'],
  مو: ['مب', 'هب', 'موب', 'مهوب', 'مش', 'مهب'],
  كذا: ['جذي', 'كذي', 'جذيه', 'كذيه', 'كدا', 'كده'],
  بكره: ['باجر', 'باكر', 'بكرا', 'بكرة'],
  // Egyptian and Hijazi د for the ذ of "take" (ياخد، بياخد، هتاخد).
  ياخذ: ['ياخد', 'بياخد', 'هياخد', 'حياخد'],
  تاخذ: ['تاخد', 'بتاخد', 'هتاخد', 'حتاخد'],
  // Devices by their borrowed names (round 5: «لابتوب» is no receiver «ل…» of a gift).
  جهاز: ['لابتوب', 'لابتوبات', 'كمبيوتر', 'حاسوب', 'ايباد', 'تابلت', 'اللابتوب', 'الكمبيوتر'],
  // Kuwaiti and Emirati طرش "to send".
  ارسل: ['طرش', 'اطرش', 'نطرش', 'تطرش'],
  ارسلت: ['طرشت', 'طرشته', 'طرشتها'],
  ارسلوا: ['طرشوا', 'طرشو', 'طرشولي', 'طرشوها'],
  اجيب: ['اييب', 'ايب', 'ييب', 'نييب', 'اجيبه', 'اييبه', 'اييبها'],
};

/** Common Arabizi (Arabic in Latin letters, with digits for ع ح ق …) words → Arabic. */
export const ARABIZI: Record<string, string> = {
  abi: 'ابي', aby: 'ابي', abee: 'ابي', abgha: 'ابي', abga: 'ابي', abgh: 'ابي', abghi: 'ابي', ab8a: 'ابي', bghit: 'ابي', abii: 'ابي',
  ureed: 'ابي', areed: 'ابي', arid: 'ابي', bdi: 'ابي', biddi: 'ابي', wdi: 'ابي', wedi: 'ابي', nabi: 'ابي',
  a3rf: 'اعرف', a3ref: 'اعرف', a3raf: 'اعرف', a3rif: 'اعرف', a3arf: 'اعرف',
  wain: 'وين', wein: 'وين', wen: 'وين', wayn: 'وين', wean: 'وين', fain: 'وين', fein: 'وين', fen: 'وين', ween: 'وين',
  mata: 'متي', mta: 'متي', meta: 'متي', emta: 'متي', imta: 'متي', mita: 'متي', mateh: 'متي',
  kaif: 'كيف', kef: 'كيف', keef: 'كيف', kif: 'كيف', kayf: 'كيف', kaef: 'كيف', shlon: 'كيف', shloon: 'كيف',
  wsh: 'وش', wesh: 'وش', weish: 'وش', esh: 'وش', eish: 'وش', aish: 'وش', aysh: 'وش', shu: 'وش', shno: 'وش', shino: 'وش', ish: 'وش',
  jam3ya: 'جمعيه', jam3eya: 'جمعيه', jam3iya: 'جمعيه', jam3iyah: 'جمعيه', jam3yah: 'جمعيه', jm3ya: 'جمعيه', jameya: 'جمعيه', jamiya: 'جمعيه', jam3iyya: 'جمعيه', jam3ia: 'جمعيه', jam3yh: 'جمعيه',
  dawam: 'دوام', dwam: 'دوام', dawaam: 'دوام', dawamkom: 'دوام',
  talab: 'طلب', talabi: 'طلبي', '6alab': 'طلب', '6alabi': 'طلبي', tlb: 'طلب', tlbi: 'طلبي', talaby: 'طلبي',
  mosa3ada: 'مساعده', musa3ada: 'مساعده', mosaada: 'مساعده', msa3da: 'مساعده', mosa3da: 'مساعده', musa3da: 'مساعده', mosa3adah: 'مساعده', mosa3adat: 'مساعده', msa3ada: 'مساعده',
  tabaro3: 'تبرع', tbr3: 'تبرع', atbara3: 'تبرع', atbr3: 'تبرع', atbarra3: 'تبرع', tabarro3: 'تبرع', atbarr3: 'تبرع',
  tatawo3: 'تطوع', at6awa3: 'تطوع', atatawa3: 'تطوع', tatawwu3: 'تطوع', tatawu3: 'تطوع', ta6awo3: 'تطوع', at6awwa3: 'تطوع', t6w3: 'تطوع', tatawo3i: 'تطوع',
  awra8: 'اوراق', awraq: 'اوراق', awrag: 'اوراق', wara8: 'اوراق', waraq: 'اوراق', awra2: 'اوراق', mostanadat: 'اوراق',
  maw8e3: 'موقع', mawqe3: 'موقع', mawge3: 'موقع', mawqi3: 'موقع', maw8i3: 'موقع', mawq3: 'موقع', maw8e3kom: 'موقع', mawqe3kom: 'موقع', makan: 'موقع', makankom: 'موقع',
  ra8m: 'رقم', raqam: 'رقم', rakam: 'رقم', rgm: 'رقم', rqm: 'رقم', ra8am: 'رقم', raqm: 'رقم', ragam: 'رقم', ra8mkom: 'رقم',
  shukran: 'شكرا', shokran: 'شكرا', shkran: 'شكرا', shokrn: 'شكرا', mashkoor: 'شكرا', mashkor: 'شكرا', yslmo: 'شكرا', tislam: 'شكرا',
  salam: 'السلام', slm: 'السلام', assalam: 'السلام', alsalam: 'السلام', salaam: 'السلام', asalam: 'السلام', assalamu: 'السلام', salamo: 'السلام',
  '3alaikum': 'عليكم', '3alaikom': 'عليكم', '3alaykum': 'عليكم', jama3a: 'جماعه', ya: 'يا',
  tamweel: 'تمويل', tamwil: 'تمويل', '8ar9': 'قرض', qard: 'قرض', gar9: 'قرض', kafeel: 'كفيل', '3alykom': 'عليكم', alaikum: 'عليكم', '3likum': 'عليكم', '3alikom': 'عليكم', '3lykm': 'عليكم', alaykum: 'عليكم', '3alaykom': 'عليكم', '3lekom': 'عليكم',
  marhaba: 'مرحبا', mar7aba: 'مرحبا', mrhba: 'مرحبا', mar7ba: 'مرحبا', mrh6a: 'مرحبا', ahlan: 'اهلا', ahleen: 'اهلا', hala: 'هلا', halla: 'هلا',
  shakwa: 'شكوي', shakwah: 'شكوي', shakwa2: 'شكوي', ashtaki: 'شكوي', ashtky: 'شكوي', ashtki: 'شكوي', shakawi: 'شكوي',
  mowazaf: 'موظف', mwazf: 'موظف', muwazaf: 'موظف', mowazf: 'موظف', mwazaf: 'موظف', mowadaf: 'موظف', mowazafa: 'موظف', muwazzaf: 'موظف',
  akalem: 'اكلم', akallem: 'اكلم', akalim: 'اكلم', akalm: 'اكلم', kalem: 'اكلم', atkalam: 'اكلم', at7adath: 'اكلم', akallim: 'اكلم',
  ahad: 'شخص', a7ad: 'شخص', a7d: 'شخص',
  bayanat: 'بيانات', bayanati: 'بياناتي', byanat: 'بيانات', byanaty: 'بياناتي', bayanaty: 'بياناتي', ma3lomati: 'بياناتي', ma3lomat: 'بيانات',
  ta7deeth: 'تحديث', tahdeeth: 'تحديث', ta7deth: 'تحديث', a7deth: 'تحديث', a7adeth: 'تحديث', a7dth: 'تحديث', a7adith: 'تحديث', a7des: 'تحديث', ta7dees: 'تحديث',
  a3adel: 'تعديل', a3dl: 'تعديل', ta3deel: 'تعديل', a3addel: 'تعديل', a3del: 'تعديل', aghayer: 'تعديل', a8ayer: 'تعديل', aghyer: 'تعديل',
  '7ala': 'حاله', '7alat': 'حاله', halat: 'حاله', '7alah': 'حاله', '7alt': 'حاله',
  sar: 'صار', saar: 'صار', '9ar': 'صار',
  '3la': 'علي', '3ala': 'علي', ala: 'علي', '3lay': 'علي',
  '3nd': 'عند', '3ndkom': 'عندكم', '3indakom': 'عندكم', '3andkom': 'عندكم', '3ndkm': 'عندكم', '3ndk': 'عندكم', '3andakom': 'عندكم', '3ndi': 'عندي', '3indi': 'عندي',
  kam: 'كم', yoom: 'يوم', yom: 'يوم', youm: 'يوم', ayam: 'يوم', rad: 'رد', radd: 'رد', elrad: 'رد',
  khedma: 'خدمه', '5edma': 'خدمه', '5dma': 'خدمه', khidma: 'خدمه', '5idma': 'خدمه', khadamat: 'خدمات', '5adamat': 'خدمات', '5damat': 'خدمات', khdmat: 'خدمات',
  a8ayem: 'تقييم', aqayem: 'تقييم', agayem: 'تقييم', taqyeem: 'تقييم', ta8yeem: 'تقييم', ta8yim: 'تقييم', a8aiem: 'تقييم', a8yem: 'تقييم', taqyim: 'تقييم',
  min: 'من', mn: 'من', entom: 'انتم', antum: 'انتم', antom: 'انتم', intum: 'انتم', entu: 'انتم', intom: 'انتم',
  tsawon: 'تسوون', tsawwon: 'تسوون', tsawoon: 'تسوون', tsawun: 'تسوون',
  ya7e8: 'يحق', ya7i8: 'يحق', ya7g: 'يحق', yahig: 'يحق', ya7eq: 'يحق', ya7iq: 'يحق', ya7ig: 'يحق', ya7q: 'يحق', ya7e2: 'يحق',
  li: 'لي', ly: 'لي', lee: 'لي',
  asajel: 'تسجيل', asajjel: 'تسجيل', asjel: 'تسجيل', tasjeel: 'تسجيل', asajil: 'تسجيل', asjil: 'تسجيل', tasjil: 'تسجيل', asajl: 'تسجيل',
  a8adem: 'تقديم', aqadem: 'تقديم', agadem: 'تقديم', ta8deem: 'تقديم', a8adim: 'تقديم', aqdim: 'تقديم', a8dem: 'تقديم', taqdeem: 'تقديم', a8addem: 'تقديم',
  hal: 'هل', fe: 'في', fi: 'في', fih: 'في', aman: 'امان', amaan: 'امان', ma: 'ما', la: 'لا',
  matloba: 'مطلوبه', matlooba: 'مطلوبه', matlouba: 'مطلوبه', matlobah: 'مطلوبه', matloob: 'مطلوبه', matlob: 'مطلوبه',
  jawal: 'جوال', jwal: 'جوال', jawwal: 'جوال', ra8mkm: 'رقم',
  m3kom: 'معكم', ma3kom: 'معكم', m3akom: 'معكم', ma3akom: 'معكم', m3kum: 'معكم', ma3kum: 'معكم',
  lel: 'لل', lil: 'لل', bel: 'بال', bil: 'بال',
  ya5ith: 'ياخذ', yakhith: 'ياخذ', ya5od: 'ياخذ', yakhod: 'ياخذ', ya5th: 'ياخذ', yakhodh: 'ياخذ', ta5ith: 'ياخذ', takhod: 'ياخذ',
  ytla3: 'يطلع', yetla3: 'يطلع', yatla3: 'يطلع', yi6la3: 'يطلع', yo6la3: 'يطلع', yetla: 'يطلع',
  tftahon: 'تفتحون', tiftahon: 'تفتحون', tftahoon: 'تفتحون', tefta7on: 'تفتحون', tfta7on: 'تفتحون', tefta7oon: 'تفتحون', tfta7oon: 'تفتحون',
  awgat: 'اوقات', aw8at: 'اوقات', awqat: 'اوقات', mawa3eed: 'مواعيد', mawa3id: 'مواعيد',
  el: 'ال', al: 'ال', il: 'ال',
  enta: 'انت', inta: 'انت', ana: 'انا', ena: 'انا', i7na: 'احنا', e7na: 'احنا',
  '7a8i': 'حقي', '7a8y': 'حقي', '7aqi': 'حقي', '7gi': 'حقي', '7a8': 'حق', '7aq': 'حق', '7o8o8i': 'حقوق', '7oqoq': 'حقوق', '7u8u8': 'حقوق', '7o8oo8': 'حقوق',
  a3tared: 'اعتراض', e3tirad: 'اعتراض', a3tered: 'اعتراض',
  '5a9': 'خاص', privacy: 'خصوصيه',
  zakat: 'زكاه', zakah: 'زكاه', zakati: 'زكاه', sada8a: 'تبرع', sadaqa: 'تبرع',
  ytam: 'يتيم', yateem: 'يتيم', aytam: 'يتيم',
  mowafa8a: 'موافقه', muwafaqa: 'موافقه', nateeja: 'نتيجه', nate2a: 'نتيجه',
  lajna: 'لجنه', allajna: 'لجنه',
  maktab: 'مكتب', far3: 'فرع', fro3: 'فرع',
  '3enwan': 'عنوان', '3nwan': 'عنوان', '3unwan': 'عنوان',
  ahlen: 'اهلا', hla: 'هلا', hlaa: 'هلا',
  sabah: 'صباح', masa: 'مساء', el5eer: 'الخير', alkhair: 'الخير', '5eer': 'الخير', khair: 'الخير',
  '7ayakom': 'حياكم', '7ayak': 'حياكم',
  ya3teek: 'يعطيك', ya3tik: 'يعطيك', el3afya: 'العافيه', '3afya': 'العافيه', al3afia: 'العافيه',
  jazak: 'جزاك', allah: 'الله', allh: 'الله', '5air': 'خير',
  sho3ba: 'شعبه', ma7al: 'محل', mo3ta: 'معطي',
  // Issue 15: more of the ways Gulf, Hijazi, Egyptian and Levantine speakers write in Latin letters.
  ebgha: 'ابي', ebga: 'ابي', ebi: 'ابي', ayez: 'ابي', '3ayez': 'ابي', '3ayz': 'ابي', aayez: 'ابي', bidi: 'ابي', beddi: 'ابي', bade: 'ابي',
  wsho: 'وش', weshu: 'وش', shnu: 'وش', shnoo: 'وش', eysh: 'وش', sho: 'وش', shou: 'وش', feen: 'وين', ezay: 'كيف', izzay: 'كيف', ezzay: 'كيف',
  lesh: 'ليش', leish: 'ليش', laish: 'ليش', leh: 'ليش', a7tag: 'احتاج', a7taj: 'احتاج', mo7taj: 'احتاج', mo7taja: 'احتاج', m7taj: 'احتاج',
  flos: 'فلوس', floos: 'فلوس', '3yal': 'عيال', '3eyal': 'عيال', '3ial': 'عيال', atfal: 'عيال', zawji: 'زوجي', zoji: 'زوجي', zooji: 'زوجي',
  armala: 'ارمله', armla: 'ارمله', mo6alaga: 'مطلقه', mutallaqa: 'مطلقه', m6l8a: 'مطلقه', ejar: 'ايجار', ijar: 'ايجار', eejar: 'ايجار',
  ysalmo: 'شكرا', yeslamo: 'شكرا', teslam: 'شكرا', tslm: 'شكرا', mashkoorin: 'شكرا', mashkorin: 'شكرا', merci: 'شكرا', ya3tikom: 'يعطيك',
  // Issue 15, round 5: words of documents, income and asking, as Gulf and Southern speakers write them in Latin letters.
  ratib: 'راتب', rateb: 'راتب', ratb: 'راتب', raatib: 'راتب', rati: 'راتبي', ratibi: 'راتبي', '7esab': 'حساب', '7isab': 'حساب', hesab: 'حساب',
  kashf: 'كشف', kshf: 'كشف', lazem: 'لازم', lazim: 'لازم', lazm: 'لازم', yekfi: 'يكفي', ykfi: 'يكفي', yikfi: 'يكفي', ta3reef: 'تعريف', ta3rif: 'تعريف',
  yostafeed: 'يستفيد', yestafeed: 'يستفيد', ystafeed: 'يستفيد', astafeed: 'استفيد', astafid: 'استفيد', mostafeed: 'مستفيد', mustafeed: 'مستفيد', mostafeda: 'مستفيده',
  yagdar: 'يقدر', ygdar: 'يقدر', ye8dar: 'يقدر', yi8dar: 'يقدر', yaqdar: 'يقدر', agdar: 'اقدر', a8dar: 'اقدر', aqdar: 'اقدر', a8der: 'اقدر', agder: 'اقدر',
  asawi: 'اسوي', asawwi: 'اسوي', asawy: 'اسوي', nsawi: 'اسوي', da3m: 'دعم', salla: 'سله', sallat: 'سلال', slal: 'سلال', forsa: 'فرصه', forasat: 'فرص', fors: 'فرص',
  iban: 'ايبان', ayban: 'ايبان', '6ree8': 'طريق', '6aree8': 'طريق', tareeq: 'طريق', '6arig': 'طريق', rafd: 'رفض', rafdh: 'رفض', sabab: 'سبب', alsabab: 'السبب',
  ychoof: 'يشوف', yshoof: 'يشوف', yshof: 'يشوف', tems7on: 'تمسحون', tmsa7on: 'تمسحون', ams7: 'امسح', '3enwani': 'عنواني', '3nwani': 'عنواني', ra8mi: 'رقمي', ra8my: 'رقمي',
  '8arar': 'قرار', qarar: 'قرار', garar: 'قرار', fat7een: 'فاتحين', fat7in: 'فاتحين', fatheen: 'فاتحين', '7een': 'الان', al7een: 'الان', el7een: 'الان', l7een: 'الان',
  hawiya: 'هويه', hawiyah: 'هويه', hwya: 'هويه', howiya: 'هويه', hawyti: 'هويه', iqama: 'اقامه', e8ama: 'اقامه', eqama: 'اقامه',
};

/**
 * English domain words → the Arabic word the knowledge base uses for the same idea. The English
 * word is kept too (the knowledge base has English examples); the Arabic one lets an English
 * question profit from the richer Arabic examples.
 */
export const ENGLISH: Record<string, string> = {
  hours: 'دوام', open: 'تفتحون', opening: 'تفتحون', close: 'تقفلون', closing: 'تقفلون', working: 'دوام', office: 'مكتب',
  where: 'وين', location: 'موقع', address: 'عنوان', located: 'موقع', branch: 'فرع', branches: 'فرع', map: 'موقع', maps: 'موقع', directions: 'موقع',
  when: 'متي', how: 'كيف', what: 'وش', why: 'ليش', long: 'مده',
  documents: 'اوراق', document: 'اوراق', papers: 'اوراق', paperwork: 'اوراق', certificate: 'اوراق', attach: 'مرفقات', attachments: 'مرفقات',
  donate: 'تبرع', donation: 'تبرع', donations: 'تبرع', zakat: 'زكاه', charity: 'جمعيه', sponsor: 'كفاله', iban: 'ايبان', bank: 'بنك',
  volunteer: 'تطوع', volunteering: 'تطوع', volunteers: 'تطوع',
  complaint: 'شكوي', complain: 'شكوي', suggestion: 'اقتراح', suggest: 'اقتراح',
  status: 'حاله', track: 'متابعه', tracking: 'متابعه', update: 'تحديث', change: 'تعديل', changed: 'تعديل', edit: 'تعديل',
  rate: 'تقييم', rating: 'تقييم', evaluate: 'تقييم', survey: 'استبيان', feedback: 'تقييم', questionnaire: 'استبيان', satisfaction: 'رضا',
  privacy: 'خصوصيه', private: 'خصوصيه', confidential: 'سريه', confidentiality: 'سريه', data: 'بيانات', information: 'بيانات', info: 'بيانات', details: 'بيانات', personal: 'شخصيه',
  rights: 'حقوق', right: 'حق', standards: 'معايير', appeal: 'اعتراض', charter: 'ميثاق',
  apply: 'تقديم', application: 'طلب', request: 'طلب', register: 'تسجيل', registration: 'تسجيل', help: 'مساعده', support: 'دعم', assistance: 'مساعده', aid: 'مساعده',
  eligible: 'يحق', eligibility: 'شروط', qualify: 'يحق', conditions: 'شروط', criteria: 'شروط', requirements: 'شروط',
  services: 'خدمات', service: 'خدمه', programs: 'برامج', programmes: 'برامج', offer: 'تقدمون', provide: 'تقدمون',
  phone: 'جوال', number: 'رقم', call: 'اتصال', email: 'ايميل', whatsapp: 'واتساب', contact: 'تواصل', reach: 'تواصل',
  officer: 'موظف', agent: 'موظف', human: 'شخص', person: 'شخص', someone: 'شخص', staff: 'موظف', employee: 'موظف',
  thanks: 'شكرا', thank: 'شكرا', thx: 'شكرا', ty: 'شكرا', tnx: 'شكرا', thnx: 'شكرا', thanx: 'شكرا', thnks: 'شكرا', appreciated: 'شكرا', bye: 'شكرا', goodbye: 'شكرا',
  friday: 'الجمعه', fridays: 'الجمعه', saturday: 'السبت', saturdays: 'السبت', sunday: 'الاحد', thursday: 'الخميس', weekend: 'اجازه', weekends: 'اجازه', holiday: 'اجازه', holidays: 'اجازه', ramadan: 'رمضان', work: 'دوام',
  correct: 'تعديل', fix: 'تعديل', modify: 'تعديل', moved: 'انتقلت', move: 'انتقلت', city: 'مدينه', income: 'دخل', salary: 'راتب', mobile: 'جوال',
  events: 'فعاليات', event: 'فعاليات', treated: 'تعامل', treatment: 'تعامل', rude: 'سيء', terrible: 'سيء', awful: 'سيء', bad: 'سيء', unhappy: 'زعلان', disappointed: 'زعلان', problem: 'مشكله', report: 'بلاغ',
  qualified: 'يحق', qualifies: 'يحق', retired: 'متقاعد', unemployed: 'عاطل', divorced: 'مطلقه', students: 'طلاب', student: 'طلاب', foreigners: 'مقيم', residents: 'مقيم', resident: 'مقيم',
  website: 'موقع', social: 'حسابات', accounts: 'حسابات', media: 'سوشل', instagram: 'انستقرام', twitter: 'تويتر', snapchat: 'سناب',
  bills: 'فواتير', electricity: 'كهرباء', furniture: 'اثاث', clothes: 'ملابس', school: 'مدرسه', basket: 'سله', baskets: 'سلال',
  processing: 'دراسه', wait: 'انتظر', days: 'يوم', weeks: 'اسبوع', month: 'شهر',
  hello: 'مرحبا', hi: 'مرحبا', hey: 'مرحبا',
  decision: 'رد', answer: 'رد', reply: 'رد', response: 'رد', approval: 'موافقه', approved: 'موافقه', accepted: 'قبول', rejected: 'رفض', review: 'دراسه', committee: 'لجنه',
  rent: 'ايجار', food: 'غذائيه', medical: 'علاج', orphan: 'يتيم', orphans: 'يتيم', widow: 'ارمله', family: 'اسره',
  association: 'جمعيه', organisation: 'جمعيه', organization: 'جمعيه', about: 'نبذه', mission: 'رساله', vision: 'رؤيه',
  // Issue 15, round 5: words a fourth writer's English questions were likely to use and the lists lacked.
  medicine: 'علاج', medicines: 'علاج', medication: 'علاج', fees: 'رسوم', tuition: 'رسوم', lease: 'ايجار', contract: 'عقد',
  upload: 'مرفقات', uploaded: 'مرفقات', id: 'هويه', statement: 'كشف', proof: 'اثبات', appreciate: 'شكرا', grateful: 'شكرا', cheers: 'شكرا',
  join: 'انضم', far: 'بعيد', visit: 'زياره', pending: 'حاله', progress: 'حاله', delete: 'حذف', share: 'تشاركون', safe: 'امان',
  grievance: 'شكوي', grievances: 'شكوي', researcher: 'باحث', disrespectful: 'سيء', unfair: 'ظلم', ignored: 'تجاهل', promised: 'وعد',
  elderly: 'مسنين', seniors: 'مسنين', elders: 'مسنين', children: 'عيال', kids: 'عيال', disabled: 'معاقين', needy: 'محتاجين', poor: 'فقراء', families: 'اسر', patients: 'مرضي',
  entitled: 'يحق', respect: 'احترام', respectfully: 'احترام', beneficiary: 'مستفيد', beneficiaries: 'مستفيدين', suggestions: 'اقتراح', complaints: 'شكوي', opinion: 'راي',
};

/**
 * Greetings and courtesies that open or close a message. They are taken off before matching, so
 * "السلام عليكم، متى الدوام؟ وشكراً" is matched on "متى الدوام" (a message that is nothing but a
 * greeting is still matched as it is, to the greeting topic). Longest phrases first.
 */
export const OPENERS: readonly string[] = [
  'السلام عليكم ورحمه الله وبركاته', 'السلام عليكم ورحمه الله', 'السلام عليكم', 'سلام عليكم', 'عليكم السلام', 'السلام', 'سلام',
  'مرحبا', 'مرحبتين', 'مراحب', 'هلا والله', 'يا هلا', 'هلا بكم', 'هلا فيكم', 'هلا', 'اهلا وسهلا', 'اهلا', 'اهلين', 'هاي', 'الو', 'شحالك', 'شحالكم', 'وش علومكم', 'وش علومك',
  'صباح الخير', 'مساء الخير', 'صباح النور', 'مساء النور', 'حياكم الله', 'حياك الله', 'الله يحييك',
  'كيف حالك', 'كيف الحال', 'كيف حالكم', 'عساكم بخير', 'ان شاء الله بخير',
  'لو سمحت', 'لو سمحتو', 'لو سمحتي', 'لو سمحتم', 'من فضلك', 'من فضلكم', 'الله يعافيك', 'الله يعافيكم', 'الله يسعدك', 'الله يسعدكم',
  'الله يحفظكم', 'الله يخليك', 'يعطيك العافيه', 'يعطيكم العافيه', 'الله يعطيكم العافيه', 'الله يعطيك العافيه',
  'اخوي', 'اختي', 'يا اخي', 'يا اخوان', 'يا اخت', 'يا شباب', 'يا جماعه', 'اخوان',
  'عندي سؤال', 'ممكن سؤال', 'سؤال', 'عندي استفسار', 'استفسار', 'ابي استفسر', 'ابي اسال', 'لو تكرمت', 'لو تكرمتم', 'بسال', 'ودي اسال',
  'السلام عليكم و رحمه الله و بركاته', 'و عليكم السلام',
  'مرحبا السلام عليكم',
  // Greetings and forms of address of other varieties (issue 15): Egyptian, Levantine, Gulf, Southern.
  'ازيك', 'ازيكم', 'ازيكو', 'ازايك', 'عامل ايه', 'عاملين ايه', 'كيفك', 'كيفكم', 'كيفكن', 'شلونك', 'شلونكم', 'هلا والله', 'هلا بك',
  'هلا وغلا', 'يا هلا والله', 'يا اهل الخير', 'يا ولدي', 'يا وليدي', 'يا بنتي', 'يا خوي', 'يا اخوي', 'يا ابوي', 'يا عمي', 'يا خالتي',
  'يا حبيبي', 'يا الغالي', 'يالغالي', 'يالغاليه', 'يالغالين', 'يا الغالين', 'يالحبيب', 'يالربع', 'يا الربع', 'يا هل الخير', 'يا هل الجمعيه', 'يا اهل الجمعيه', 'يا طويل العمر', 'طال عمرك', 'الله يحييكم', 'الله يسلمك', 'الله يرضي عليك', 'الله يرضي عليكم', 'ياخي', 'يا خي',
  'hello', 'hi', 'hey', 'hii', 'hiya', 'salam', 'salam alaikum', 'assalamu alaikum', 'good morning', 'good evening', 'good afternoon',
  'hello there', 'hi there', 'hey there', 'hi guys', 'hello everyone',
  'please', 'pls', 'plz', 'excuse me', 'sorry', 'dear', 'how are you',
];

/** Courtesies that close a message. */
export const CLOSERS: readonly string[] = [
  'شكرا جزيلا', 'شكرا', 'مشكورين', 'مشكور', 'مشكوره', 'جزاك الله خير', 'جزاكم الله خير', 'جزاكم الله خيرا', 'جزاك الله خيرا',
  'الله يجزاك خير', 'الله يجزاكم خير', 'الله يعطيك العافيه', 'الله يعطيكم العافيه', 'يعطيك العافيه', 'يعطيكم العافيه',
  'الله يسعدك', 'الله يسعدكم', 'الله يعافيك', 'الله يعافيكم', 'لو سمحت', 'لو سمحتو', 'لو سمحتم', 'من فضلك', 'وشكرا', 'و شكرا',
  'تسلم', 'تسلمون', 'ما قصرتو', 'ما قصرتوا', 'بارك الله فيك', 'بارك الله فيكم',
  'يسلمو', 'يسلموا', 'تسلموا', 'متشكر', 'متشكرين', 'الله يوفقكم', 'الله يوفقك', 'الله يرضي عليك', 'الله يرضي عليكم', 'الله يحفظك',
  'الله يحفظكم', 'الله يسلمك', 'يالغالي', 'يالغالين', 'يا الغالين', 'يالربع', 'يا ولدي', 'يا وليدي', 'يا بنتي', 'يا خوي', 'يا اخوي', 'يا جماعه', 'يا شباب', 'يا اخوان', 'يا رب',
  'الله يعطيكم الف عافيه', 'يعطيكم الف عافيه', 'الف شكر', 'ربي يسعدكم', 'ربي يحفظكم', 'ربي يوفقكم',
  'thanks', 'thank you', 'thanks a lot', 'thx', 'please', 'pls', 'plz',
];

/** Frequent English words: a Latin word outside this list and the knowledge base is taken for Arabizi. */
export const ENGLISH_COMMON: readonly string[] = (
  'a an the and or but if of to in on at by for with from as into about over after before until up out off ' +
  'i me my mine we us our you your yours he him his she her it its they them their this that these those there here ' +
  'is are was were be been being am do does did done have has had can could will would shall should may might must ' +
  'not no yes ok okay please thanks thank hi hello hey dear sir madam guys ' +
  'what when where who whom whose why how which much many long time times day days week weeks month months year today tomorrow now ' +
  'want need like know get give make take go come see tell ask send let find keep put show find help ' +
  'some any all every each more most other another same such only just also too very really so still again ' +
  'new old good bad best better great nice happy fine sure first last next' +
  ' one two three four five six ten hundred'
).split(/\s+/);
