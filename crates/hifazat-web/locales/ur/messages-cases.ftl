# The cases area's own form messages (forms.rs), English as the key (see i18n::message_key).
m-choose-the-kind-of-case-or-not-yet-determined = مقدمے کی قسم منتخب کریں، یا "ابھی طے نہیں"
m-choose-one-of-the-list-s-options = فہرست میں سے کوئی انتخاب کریں
m-choose-each-destination-country-from-the-list = منزل کا ہر ملک فہرست میں سے منتخب کریں
m-choose-the-district-where-the-case-is-registered = وہ ضلع منتخب کریں جہاں مقدمہ درج ہے
m-choose-whether-the-movement-was-within-pakistan-or-across-a-border = منتخب کریں کہ نقل و حرکت پاکستان کے اندر تھی یا سرحد پار
m-choose-the-person-s-role-in-the-case = مقدمے میں فرد کا کردار منتخب کریں
m-enter-the-person-s-name-or-the-word-unknown-if-it-is-not-known = فرد کا نام درج کریں، یا معلوم نہ ہو تو لفظ unknown لکھیں
m-choose-the-person-s-sex = فرد کی جنس منتخب کریں
m-enter-the-age-in-whole-years-for-example-24 = عمر پورے سالوں میں درج کریں، مثلاً ۲۴
m-choose-the-stage-to-move-the-case-to = وہ مرحلہ منتخب کریں جس پر مقدمہ لے جانا ہے
m-enter-the-fir-number = ایف آئی آر نمبر درج کریں
m-enter-the-date-of-the-fir = ایف آئی آر کی تاریخ درج کریں
m-enter-why-the-case-is-moving-to-this-stage = درج کریں کہ مقدمہ اس مرحلے پر کیوں جا رہا ہے
m-enter-the-date-of-the-hearing = سماعت کی تاریخ درج کریں
m-enter-the-name-of-the-court = عدالت کا نام درج کریں
m-choose-the-accused-person-s-status = ملزم کی حیثیت منتخب کریں
m-enter-the-fine-in-whole-rupees-for-example-50000 = جرمانہ پورے روپوں میں درج کریں، مثلاً ۵۰۰۰۰

# Messages with a value in quotes: the value is $a (a stage's name in Urdu).
m-x-needs-a-supervisor-s-approval = “{ $a }” کے لیے سپروائزر کی منظوری ضروری ہے
m-say-why-the-case-is-moving-to-x = بتائیں کہ مقدمہ “{ $a }” میں کیوں جا رہا ہے
m-unknown-country-code-x = ملک کا کوڈ “{ $a }” معلوم نہیں: فہرست میں سے ملک منتخب کریں
m-unknown-district-x = ضلع “{ $a }” معلوم نہیں: فہرست میں سے ضلع منتخب کریں

# Assigning a case.
m-only-supervisors-assign-cases = مقدمات صرف سپروائزر سپرد کرتے ہیں
m-choose-an-investigating-officer-who-works-in-the-case-s-district = ایسا تفتیشی افسر منتخب کریں جو مقدمے کے ضلع میں کام کرتا ہو
m-choose-a-supervisor-who-works-in-the-case-s-district = ایسا سپروائزر منتخب کریں جو مقدمے کے ضلع میں کام کرتا ہو
m-keep-the-reason-under-1-000-characters = وجہ ۱٬۰۰۰ حروف سے کم رکھیں
m-enter-why-the-case-changes-hands = بتائیں کہ مقدمہ دوسرے افسر کے پاس کیوں جا رہا ہے
m-use-the-next-value-of-the-previous-page = پچھلے صفحے کی اگلی (next) قدر استعمال کریں
