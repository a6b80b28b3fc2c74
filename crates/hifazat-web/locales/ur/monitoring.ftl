# افسر یا پراسیکیوٹر کا اپنا کام، نگرانی کا صفحہ اور آڈٹ ٹریل۔

work-title = میرا کام
work-lead-mine = وہ مقدمات جن کی آپ تفتیش یا نگرانی کرتے ہیں، اور ان میں کیا کرنا باقی ہے۔ آپ کا درج کردہ مقدمہ آپ کا ہے جب تک کوئی سپروائزر اسے کسی کے سپرد نہ کرے۔
work-lead-court = آپ کے علاقے میں عدالت کے سامنے مقدمات: چالان جمع، زیرِ سماعت اور فیصلہ شدہ۔
work-tasks = کیا کرنا باقی ہے
work-tile-open-mine = آپ کے کھلے مقدمات
work-tile-open-court = عدالت کے سامنے مقدمات
work-tile-no-fir = ابھی تک ایف آئی آر کے بغیر
work-tile-quiet = { $days ->
    [one] کھلے، ایک دن سے کوئی کارروائی نہیں
   *[other] کھلے، { $days } دن سے کوئی کارروائی نہیں
}
work-tile-hearings = { $days ->
    [one] کل کی سماعتیں
   *[other] اگلے { $days } دن کی سماعتیں
}
work-hearings-title = { $days ->
    [one] کل کی سماعتیں
   *[other] اگلے { $days } دن کی سماعتیں
}
work-no-hearings = { $days ->
    [one] کل کوئی سماعت نہیں۔
   *[other] اگلے { $days } دن میں کوئی سماعت نہیں۔
}
work-hearings-more = { $total } میں سے پہلی { $shown } دکھائی گئی ہیں۔
work-list-open-mine = آپ کے کھلے مقدمات
work-list-open-court = عدالت کے سامنے کھلے مقدمات
work-list-quiet = { $days ->
    [one] کھلے مقدمات جن میں ایک دن سے کارروائی نہیں ہوئی
   *[other] کھلے مقدمات جن میں { $days } دن سے کارروائی نہیں ہوئی
}
work-list-no-fir = مقدمات جن کی ابھی ایف آئی آر درج نہیں ہوئی
work-none-mine = آپ کا کوئی مقدمہ اس فہرست میں نہیں۔
work-none-court = کوئی مقدمہ اس فہرست میں نہیں۔
work-all-cases = تمام مقدمات
work-date = تاریخ
work-case = مقدمہ
work-court = عدالت
work-purpose = مقصد
work-kind = نوعیت
work-stage = مرحلہ
work-district = ضلع
work-reported = اطلاع
work-victims = متاثرین
work-last-activity = آخری کارروائی

monitoring-title = نگرانی
monitoring-aggregates-only = صرف مجموعی اعداد: ۱ سے ۴ تک کی گنتی "۵ سے کم" دکھائی جاتی ہے، جہاں ضروری ہو دوسری گنتیاں روک لی جاتی ہیں تاکہ کوئی چھوٹی گنتی ساتھ کے میزان سے معلوم نہ ہو ("روکا گیا")، اور کوئی مقدمہ فہرست میں نہیں آتا۔
monitoring-one-release = آپ کا پورا دائرہ، فلٹر کے بغیر: ایک ہی مقدمات کے کئی فلٹر شدہ منظر ایک دوسرے سے تفریق کیے جا سکتے ہیں۔ سال وار اعداد کے لیے اعداد و شمار دیکھیں۔
monitoring-district = ضلع
monitoring-all-in = { $place } میں سب
monitoring-kind = نوعیت
monitoring-stalled-after = رکا ہوا (دنوں کے بعد)
monitoring-stalled-hint = جن کھلے مقدمات میں اتنے دن سے کارروائی نہ ہوئی ہو وہ رکے ہوئے ہیں۔
monitoring-apply = لاگو کریں
monitoring-counts = گنتی
monitoring-tile-cases = مقدمات
monitoring-tile-open = کھلے
monitoring-tile-stalled = { $days ->
    [one] رکے ہوئے (ایک دن سے کارروائی نہیں)
   *[other] رکے ہوئے ({ $days } دن سے کارروائی نہیں)
}
monitoring-tile-hearings = { $days ->
    [one] کل کی سماعتیں
   *[other] اگلے { $days } دن کی سماعتیں
}
monitoring-by-month = ہر مہینے درج مقدمات
monitoring-chart-desc = پچھلے بارہ مہینوں میں سے ہر ایک کے لیے ستون: ٹریفکنگ کے مقدمات اسمگلنگ کے مقدمات کے ساتھ۔ یہی اعداد چارٹ کے نیچے جدول میں ہیں۔
monitoring-chart-table = یہی اعداد جدول میں
monitoring-month = مہینہ
monitoring-trafficking = ٹریفکنگ
monitoring-smuggling = اسمگلنگ
monitoring-all = تمام مقدمات
monitoring-both-note = جو مقدمہ ٹریفکنگ اور اسمگلنگ دونوں کا ہو وہ دونوں میں گنا جاتا ہے؛ غیر طے شدہ مقدمہ کسی میں نہیں، مگر تمام مقدمات میں گنا جاتا ہے۔
monitoring-by-stage = مرحلہ وار
monitoring-by-kind = نوعیت وار
monitoring-open-age = کھلے مقدمات کی عمر
monitoring-age-0-3m = ۳ مہینے سے کم
monitoring-age-3-6m = ۳ سے ۶ مہینے
monitoring-age-6-12m = ۶ سے ۱۲ مہینے
monitoring-age-1-2y = ۱ سے ۲ سال
monitoring-age-2y-plus = ۲ سال سے زیادہ
monitoring-by-district = ضلع وار
monitoring-cases = مقدمات
monitoring-open = کھلے
monitoring-no-cases = کوئی مقدمہ نہیں۔
monitoring-stalled-title = رکے ہوئے مقدمات، سب سے زیادہ دیر سے رکا ہوا پہلے
monitoring-stalled-shown = { $total } میں سے { $shown }
monitoring-days-quiet = بغیر کارروائی کے دن
monitoring-no-stalled = کوئی رکا ہوا مقدمہ نہیں۔

audit-title = آڈٹ ٹریل
audit-lead = ہر تبدیلی، مقدمے یا متاثرہ فرد کی شناخت کا ہر مشاہدہ، ہر سائن اِن، تازہ ترین پہلے۔ اوقات پاکستانی وقت میں ہیں۔
audit-filter = آڈٹ ٹریل چھانیں
audit-user = صارف
audit-action = عمل
audit-case = مقدمہ
audit-case-hint = مقدمے کا حوالہ نمبر
audit-when = کب
audit-record = ریکارڈ
audit-from = کہاں سے
audit-detail = تفصیل
audit-none = ان شرائط سے کوئی اندراج نہیں ملتا۔
audit-action-create = بنایا گیا
audit-action-update = تبدیل کیا گیا
audit-action-transition = مرحلہ بدلا
audit-action-view = دیکھا گیا
audit-action-view_identity = متاثرہ فرد کی شناخت دیکھی گئی
audit-action-export = برآمد کیا گیا
audit-action-access_denied = انکار کیا گیا
audit-action-login = سائن اِن
audit-action-login_failed = سائن اِن ناکام
audit-action-logout = سائن آؤٹ
audit-action-merge = افراد کے ریکارڈ یکجا
audit-action-unmerge = یکجائی واپس
audit-action-import = درآمد
audit-action-disable = اکاؤنٹ معطل
audit-action-enable = اکاؤنٹ بحال
audit-action-password_change = پاس ورڈ تبدیل
audit-action-password_reset = پاس ورڈ ری سیٹ
audit-action-second_factor = دوسرا مرحلہ
audit-action-session_end = سیشن ختم
audit-action-key_rotation = کلیدیں بدلی گئیں
audit-action-backup = بیک اپ لیا گیا
audit-action-purge = ریکارڈ حذف
work-transfers = زیر التوا منتقلیاں
work-transfers-incoming = آپ کے ضلع کو پیش کی گئیں: منظور یا نامنظور کریں
work-transfers-outgoing = آپ کے ضلع کی درخواست کردہ
