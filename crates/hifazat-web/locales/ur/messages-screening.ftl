# Urdu of the English messages written by screening, watchlists and the person index
# (domain, store and pages): the key is i18n::message_key of the English text.

m-enter-the-date-of-birth-as-a-year-a-year-and-month-or-a-full-date = تاریخِ پیدائش سال، سال اور مہینہ، یا پوری تاریخ کی شکل میں درج کریں
m-enter-the-cnic-of-the-blacklisted-identity-card = بلیک لسٹ شناختی کارڈ کا نمبر درج کریں
m-enter-the-number-of-the-blacklisted-passport = بلیک لسٹ پاسپورٹ کا نمبر درج کریں
m-enter-the-name = نام درج کریں
m-enter-a-name-a-cnic-or-a-passport-number = نام، شناختی کارڈ نمبر یا پاسپورٹ نمبر درج کریں
m-enter-the-traveller-s-name-cnic-or-passport-number = مسافر کا نام، شناختی کارڈ نمبر یا پاسپورٹ نمبر درج کریں
m-this-person-record-was-merged-into-another-link-that-record-instead = فرد کا یہ ریکارڈ کسی اور ریکارڈ میں ضم ہو چکا ہے: اس کی جگہ وہ ریکارڈ منسلک کریں
m-enter-the-record-number-of-a-person-in-a-case-in-your-jurisdiction-victims-cannot-be-listed = اپنے دائرۂ اختیار کے کسی مقدمے میں شامل فرد کا ریکارڈ نمبر درج کریں (متاثرین کو فہرست میں شامل نہیں کیا جا سکتا)
m-this-alert-has-already-been-decided = اس الرٹ کا فیصلہ پہلے ہی ہو چکا ہے
m-paste-the-list-as-csv-the-column-names-on-the-first-line-then-one-traveller-a-line = فہرست CSV کی شکل میں چسپاں کریں: پہلی سطر میں کالموں کے نام، پھر ہر سطر میں ایک مسافر
m-enter-the-column-names-on-the-first-line-id-full-name-father-name-date-of-birth-cnic-passport-nationality = پہلی سطر میں کالموں کے نام درج کریں: id,full_name,father_name,date_of_birth,cnic,passport,nationality
m-enter-a-name-or-a-cnic = نام یا شناختی کارڈ نمبر درج کریں
m-enter-why-the-two-records-are-one-person-what-you-checked = درج کریں کہ دونوں ریکارڈ ایک ہی فرد کے کیوں ہیں (آپ نے کیا جانچا)
m-choose-another-record-a-record-cannot-be-merged-into-itself = کوئی دوسرا ریکارڈ منتخب کریں: کوئی ریکارڈ خود اپنے ساتھ ضم نہیں ہو سکتا
m-this-record-was-merged-into-another-merge-into-that-record-instead = یہ ریکارڈ کسی اور ریکارڈ میں ضم ہو چکا ہے: اس کی جگہ اُس ریکارڈ میں ضم کریں
m-that-record-has-already-been-merged-into-another = وہ ریکارڈ پہلے ہی کسی اور ریکارڈ میں ضم ہو چکا ہے
m-the-two-records-carry-different-cnics-they-are-not-one-person-s-or-one-number-is-wrong = دونوں ریکارڈز پر مختلف شناختی کارڈ نمبر ہیں: یا تو یہ ایک فرد کے نہیں، یا ایک نمبر غلط ہے
m-that-record-was-merged-into-another-meanwhile = اس دوران وہ ریکارڈ کسی اور ریکارڈ میں ضم ہو گیا
m-enter-why-the-merge-is-undone = درج کریں کہ ادغام کیوں منسوخ کیا جا رہا ہے
m-this-merge-has-already-been-undone = یہ ادغام پہلے ہی منسوخ ہو چکا ہے
m-the-kept-record-has-been-merged-into-another-since-undo-that-merge-first = برقرار ریکارڈ اس کے بعد کسی اور ریکارڈ میں ضم ہو چکا ہے: پہلے وہ ادغام منسوخ کریں
m-both-records-hold-the-same-role-in-one-case-a-person-holds-a-role-in-a-case-once = دونوں ریکارڈز کا ایک ہی مقدمے میں ایک ہی کردار ہے: کسی مقدمے میں ایک فرد کا ایک کردار ایک ہی بار ہوتا ہے
m-paste-the-list-the-column-names-on-the-first-line-then-one-traveller-a-line = فہرست چسپاں کریں: پہلی سطر میں کالموں کے نام، پھر ہر سطر میں ایک مسافر
m-enter-the-year-of-birth-as-four-digits-for-example-1985 = پیدائش کا سال چار ہندسوں میں درج کریں، مثلاً ۱۹۸۵
m-enter-the-month-as-a-number-from-1-to-12 = مہینہ ۱ سے ۱۲ تک کے عدد میں درج کریں
m-enter-the-day-as-a-number-from-1-to-31 = دن ۱ سے ۳۱ تک کے عدد میں درج کریں
m-enter-the-month-of-birth-as-well-as-the-day = دن کے ساتھ پیدائش کا مہینہ بھی درج کریں
m-enter-a-real-date-of-birth = درست تاریخِ پیدائش درج کریں
m-enter-a-date-of-birth-in-the-past = ماضی کی تاریخِ پیدائش درج کریں
m-choose-the-nationality-from-the-list-or-leave-it-empty = قومیت فہرست میں سے منتخب کریں، یا خانہ خالی چھوڑ دیں
m-this-role-cannot-change-person-records = یہ کردار افراد کے ریکارڈ میں تبدیلی نہیں کر سکتا
