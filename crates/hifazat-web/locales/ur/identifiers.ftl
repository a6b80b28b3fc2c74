# شناختی نشانات (مسئلہ ۱۳، نکتہ ۳): فون نمبر، اکاؤنٹ یا پتہ اور کہاں آتا ہے۔
nav-identifiers = فون اور اکاؤنٹ
identifiers-title = یہ نمبر اور کہاں آتا ہے؟
identifiers-lead = فون نمبر، بینک اکاؤنٹ، موبائل والٹ یا پتہ مقدمات، مقدمات کے افراد، رپورٹوں اور ہیلپ لائن ریکارڈ، واپس آنے والوں اور بھرتی ایجنٹوں میں تلاش کریں۔ آپ وہی دیکھتے ہیں جس کی آپ کا دائرہ اختیار اجازت دیتا ہے؛ باقی گنا جاتا ہے، دکھایا نہیں جاتا۔ ہر تلاش آڈٹ ریکارڈ میں درج ہوتی ہے۔
identifiers-kind = یہ کیا ہے
identifiers-kind-phone = فون نمبر
identifiers-kind-bank-account = بینک اکاؤنٹ
identifiers-kind-wallet = موبائل والٹ (جاز کیش، ایزی پیسہ)
identifiers-kind-address = پتہ
identifiers-value = نمبر، IBAN یا پتہ
identifiers-value-hint = فون نمبر جیسے بھی لکھا ہو مل جاتا ہے (0300-1234567 وہی ہے جو +92 300 1234567)؛ فون نمبر اسی نمبر کے والٹ بھی ڈھونڈتا ہے۔ پتہ صرف تب ملتا ہے جب وہ اسی طرح لکھا ہو، بڑے چھوٹے حروف اور رموزِ اوقاف کے فرق کے سوا۔
identifiers-bank = بینک
identifiers-bank-hint = صرف اس اکاؤنٹ نمبر کے لیے جو IBAN نہ ہو، مثلاً HBL۔
identifiers-search = تلاش کریں
identifiers-count = { $count ->
    [one] { $count } جگہ جو آپ دیکھ سکتے ہیں
   *[other] { $count } جگہیں جو آپ دیکھ سکتے ہیں
}
identifiers-outside = { $count ->
    [one] { $count } مزید آپ کے دائرہ اختیار سے باہر
   *[other] { $count } مزید آپ کے دائرہ اختیار سے باہر
}
identifiers-none = یہ کہیں نہیں آتا جہاں آپ دیکھ سکتے ہیں۔
identifiers-shown = { $total } میں سے تازہ ترین { $shown } دکھائے گئے ہیں۔
identifiers-entity = کس سے منسلک
identifiers-entity-person = مقدمات کے افراد
identifiers-entity-case = مقدمات
identifiers-entity-intake-item = رپورٹیں اور ہیلپ لائن ریکارڈ
identifiers-entity-returnee = واپس آنے والے
identifiers-entity-agent = بھرتی ایجنٹ
identifiers-record = ریکارڈ
identifiers-as = بطور
identifiers-how = کیسے درج ہوا
identifiers-when = کب
identifiers-by-officer = افسر نے منسلک کیا
identifiers-from-record = ریکارڈ میں موجود
identifiers-link-title = فون، اکاؤنٹ یا پتہ منسلک کریں
identifiers-link-lead = درج کریں کہ کوئی نمبر، اکاؤنٹ یا پتہ کسی ایسے ریکارڈ سے تعلق رکھتا ہے جسے آپ دیکھ سکتے ہیں: مقدمہ، مقدمے کا کوئی فرد، رپورٹ، واپس آنے والا یا ایجنٹ۔
identifiers-choose = منتخب کریں
identifiers-reference = حوالہ نمبر
identifiers-reference-hint = مقدمے کا حوالہ نمبر، متاثرہ فرد کا کوڈ یا فرد کے ریکارڈ کی شناخت، رپورٹ کا حوالہ نمبر، واپس آنے والے کا حوالہ نمبر (RT-…)، یا ایجنٹ کا نمبر۔
identifiers-note = نوٹ (اختیاری)
identifiers-link = منسلک کریں
identifiers-done-linked = منسلک ہو گیا۔ اب یہ ہر اس جگہ سے ملتا ہے جہاں یہ آتا ہے۔
identifiers-back-to-case = مقدمے پر واپس
identifiers-where-else = اور کہاں؟
