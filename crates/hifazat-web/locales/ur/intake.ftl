# عملے کے لیے اطلاعات اور کالز (/intake)۔
nav-intake = اطلاعات اور کالز
intake-title = اطلاعات اور کالز
intake-lead-triage = آپ کے دائرۂ اختیار کی عوامی اطلاعات اور ہیلپ لائن کالز۔ ہر ایک کی چھان بین کریں: یہ کیا ہے، اور اس کا کیا کیا جائے۔ فوری خطرے پر ایک گھنٹے کے اندر کارروائی ضروری ہے۔
intake-lead-operator = آپ کی درج کردہ کالز اور پیغامات۔ سپروائزر ان کی چھان بین کرتے ہیں؛ فوری خطرہ فوراً ضلع کے ڈیوٹی افسر کو جاتا ہے۔
intake-record = کال یا پیغام درج کریں
intake-dashboard = اطلاعات کا ڈیش بورڈ
intake-dashboard-lead = اس مدت میں موصول اطلاعات اور کالز: کس ذریعے سے آئیں، چھان بین میں کیا نکلا، اور کتنی جلدی کارروائی ہوئی۔
intake-alerts-title = { $count ->
    [one] فوری خطرے کی { $count } اطلاع کارروائی کی منتظر ہے
   *[other] فوری خطرے کی { $count } اطلاعات کارروائی کی منتظر ہیں
}
intake-alert-line = فوری خطرہ · { $reference } · { $district } · موصول { $when }
intake-tile-untriaged = چھان بین کی منتظر
intake-tile-overdue = مدت سے زیادہ
intake-tile-immediate = فوری خطرہ، ابھی کارروائی نہیں ہوئی
intake-filters = اطلاعات چھانٹیں
intake-filter-status = حیثیت
intake-filter-source = ذریعہ
intake-filter-district = ضلع
intake-filter-all = سب
intake-filter-overdue = صرف مدت سے زیادہ
intake-filter-apply = دکھائیں
intake-list = اطلاعات
intake-count = { $count ->
    [one] { $count } اطلاع
   *[other] { $count } اطلاعات
}
intake-none = کوئی اطلاع نہیں ملی۔
intake-none-period = اس مدت میں کوئی اطلاع نہیں۔
intake-reference = حوالہ نمبر
intake-received = موصول
intake-urgency = فوریت
intake-district = ضلع
intake-channel = ذریعہ
intake-status = حیثیت
intake-no-district = ضلع نہیں بتایا گیا (قومی قطار)
intake-overdue = مدت سے زیادہ
intake-overdue-since = مدت گزر گئی: { $when } تک کارروائی ہو جانی چاہیے تھی۔
intake-due = { $when } تک کارروائی کریں
intake-woman-officer-short = خاتون افسر
intake-woman-officer = کالر نے خاتون افسر کا کہا
intake-woman-officer-asked = خاتون افسر کا کہا گیا
intake-duty-title = ڈیوٹی افسر
intake-duty-lead = فوری خطرے کی اطلاع فوراً اس کے ضلع کے ڈیوٹی افسر کو جاتی ہے، اور ان کے "میرا کام" پر رہتی ہے جب تک وہ نہ بتائیں کہ کیا کیا جا رہا ہے۔
intake-duty-none = ابھی کوئی ڈیوٹی افسر مقرر نہیں: فوری خطرہ صرف ضلع کے سپروائزرز کو دکھائی دیتا ہے۔
intake-duty-since = { $when } سے
intake-duty-officer = افسر
intake-duty-set = ڈیوٹی افسر مقرر کریں
intake-choose = منتخب کریں
intake-back = اطلاعات اور کالز پر واپس
intake-new-title = کال یا پیغام درج کریں
intake-new-lead = کالر کسی متاثرہ کے بارے میں جو بتائے وہ خفیہ (انکرپٹڈ) رکھا جاتا ہے، اور اسے پڑھنے کا ہر موقع درج ہوتا ہے۔
intake-language = زبان
intake-caller = فون کس نے کیا
intake-urgency-hint = فوری خطرہ فوراً ضلع کے ڈیوٹی افسر کو جاتا ہے؛ ضلع منتخب کریں۔
intake-district-unknown = معلوم نہیں
intake-situation = کالر کیا بتاتا ہے
intake-situation-hint = کون متاثر ہے، وہ کہاں ہیں، کب سے، کون ذمہ دار ہے۔
intake-signs = سنی گئی اسمگلنگ کی نشانیاں
intake-contact = کالر سے رابطہ
intake-contact-hint = صرف اگر کالر بتانا چاہے۔
intake-caller-name = کالر کا نام
intake-caller-phone = کالر کا نمبر
intake-contact-consent = کالر دوبارہ رابطے پر راضی ہے
intake-record-save = درج کریں
intake-consents = رابطے پر راضی
intake-recorded-by = درج کنندہ
intake-escalated-to = بھیجی گئی
intake-acknowledged = { $when } کو تصدیق ہوئی
intake-routed-to = { $district } بھیجی گئی
intake-note = نوٹ
intake-note-hint = کالر کی بات کی طرح خفیہ رکھا جاتا ہے۔
intake-add-note = نوٹ شامل کریں
intake-by-reporter = اطلاع دینے والے نے شامل کیا
intake-action-taken = کیا کیا جا رہا ہے
intake-ack-title = تصدیق: فوری خطرہ
intake-acknowledge = تصدیق کریں
intake-triage-title = چھان بین
intake-inquiry-label = انکوائری بطور
intake-open-inquiry = انکوائری کھولیں
intake-open-inquiry-hint = اطلاع کی معلومات کے ساتھ مقدمے کا فارم کھلتا ہے؛ مقدمہ اپنے ضلع میں "انکوائری" کے مرحلے پر درج ہوتا ہے اور ساتھ ہی اس اطلاع کی چھان بین مکمل ہو جاتی ہے۔
intake-classification = یہ کیا ہے
intake-triage-action = اس کا کیا کیا جائے
intake-urgency-change = فوریت
intake-urgency-keep = جیسی ہے ویسی رہنے دیں
intake-case-reference = مقدمے کا حوالہ نمبر
intake-case-reference-hint = کسی مقدمے سے منسلک کرنے کے لیے۔
intake-person = فرد کے ریکارڈ کا نمبر
intake-person-hint = کسی فرد سے منسلک کرنے کے لیے۔
intake-route-to = ضلع کو بھیجیں
intake-route-to-hint = یہ وہاں اس ضلع کی چھان بین کا انتظار کرے گی۔
intake-duplicate-of = دہرائی گئی اطلاع
intake-duplicate-of-hint = اس اطلاع کا حوالہ نمبر جسے یہ دہراتی ہے۔
intake-triage-save = چھان بین محفوظ کریں
intake-inquiry-from = ایک اطلاع سے انکوائری کھولی جا رہی ہے: مقدمہ "انکوائری" کے مرحلے پر درج ہو گا اور ساتھ ہی اطلاع کی چھان بین مکمل ہو جائے گی۔ خلاصہ متاثرین کے نام کے بغیر لکھیں۔
intake-done-recorded = { $reference } کے طور پر درج ہو گئی۔
intake-done-escalated = { $reference } کے طور پر درج ہو گئی اور فوراً ڈیوٹی افسر { $officer } کو بھیج دی گئی۔
intake-done-triaged = چھان بین محفوظ ہو گئی۔
intake-done-acknowledged = تصدیق ہو گئی: الرٹ ختم ہو گیا۔
intake-done-note = نوٹ شامل ہو گیا۔
intake-done-duty = ڈیوٹی افسر مقرر ہو گیا۔
intake-done-inquiry = اطلاع سے انکوائری { $reference } کھل گئی، اور اطلاع کی چھان بین مکمل ہو گئی۔ اب افراد شامل کریں۔
intake-period = مدت
intake-last-days = { $n ->
    [one] پچھلا ایک دن
   *[other] پچھلے { $n } دن
}
intake-by-channel = ذریعے اور نتیجے کے لحاظ سے
intake-outcome = چھان بین میں کیا نکلا
intake-items = اطلاعات
intake-awaiting-triage = چھان بین کی منتظر
intake-response = پہلی کارروائی تک وقت
intake-acted-on = کارروائی ہوئی
intake-within-limit = مدت کے اندر
intake-median = درمیانی
intake-p90 = دس میں سے نو اتنے میں
intake-minutes = { $n ->
    [one] { $n } منٹ
   *[other] { $n } منٹ
}
intake-hours = { $n ->
    [one] { $n } گھنٹہ
   *[other] { $n } گھنٹے
}
intake-days = { $n ->
    [one] { $n } دن
   *[other] { $n } دن
}
intake-work-waiting = { $count ->
    [one] { $count } اطلاع یا کال چھان بین کی منتظر ہے
   *[other] { $count } اطلاعات اور کالز چھان بین کی منتظر ہیں
}
intake-work-overdue = { $count ->
    [one] { $count } مدت سے زیادہ
   *[other] { $count } مدت سے زیادہ
}
intake-monitoring-title = اطلاعات اور کالز

intake-source-public = عوامی اطلاع
intake-source-helpline = ہیلپ لائن
intake-channel-web = آن لائن فارم
intake-channel-call = فون کال
intake-channel-sms = ٹیکسٹ پیغام
intake-channel-whatsapp = واٹس ایپ
intake-channel-email = ای میل
intake-channel-walk-in = خود آ کر
intake-language-urdu = اردو
intake-language-english = انگریزی
intake-language-punjabi = پنجابی
intake-language-sindhi = سندھی
intake-language-pashto = پشتو
intake-language-balochi = بلوچی
intake-language-saraiki = سرائیکی
intake-language-other = کوئی اور
intake-caller-victim = متاثرہ خود
intake-caller-family = متاثرہ کا خاندان
intake-caller-witness = کوئی گواہ
intake-caller-other = کوئی اور
intake-caller-anonymous = گمنام
intake-urgency-immediate = فوری خطرہ (ایک گھنٹے کے اندر کارروائی)
intake-urgency-urgent = ضروری (24 گھنٹے کے اندر)
intake-urgency-routine = معمول (72 گھنٹے کے اندر)
intake-class-possible-tip = ممکنہ انسانی اسمگلنگ
intake-class-possible-som = ممکنہ تارکینِ وطن کی اسمگلنگ
intake-class-labour-complaint = مزدوری کی شکایت
intake-class-not-trafficking = اسمگلنگ نہیں
intake-class-duplicate = کسی اور اطلاع کی نقل
intake-status-new = چھان بین کی منتظر
intake-status-triaged = چھان بین مکمل
intake-action-link-case = مقدمے سے منسلک کریں
intake-action-link-person = فرد سے منسلک کریں
intake-action-open-inquiry = انکوائری کھولی گئی
intake-action-route = دوسرے ضلع کو بھیجیں
intake-action-close = بند کریں
intake-agents = جن ایجنٹوں کا نام آیا
intake-link-agent = بھرتی کرنے والے ایجنٹ سے منسلک کریں
intake-agent = ایجنٹ کا نمبر یا لائسنس نمبر
intake-agent-hint = ایجنٹس کے تحت ایجنٹ کے صفحے سے، یا لائسنس نمبر (مثلاً OEP 3814/RWP)۔ پھر ایجنٹ کا صفحہ اس اطلاع کو اس کی شکایات میں دکھائے گا۔
intake-done-agent = ایجنٹ سے منسلک ہو گئی: ایجنٹ کا صفحہ یہ اطلاع دکھاتا ہے۔
