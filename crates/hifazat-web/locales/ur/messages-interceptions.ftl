# سرحدی روک تھام کے صفحات پر ڈومین اور اسٹور کے پیغامات (انگریزی متن ہی ان کی کلید ہے)۔

m-choose-the-intercepting-agency = روکنے والا ادارہ منتخب کریں
m-choose-the-intercepting-agency-from-the-list = روکنے والا ادارہ فہرست میں سے منتخب کریں
m-choose-an-agency-that-intercepts-at-borders-the-fia-the-police-the-frontier-corps-the-levies-the-coast-guards-or-the-maritime-security-agency = ایسا ادارہ منتخب کریں جو سرحدوں پر روک تھام کرتا ہے: ایف آئی اے، پولیس، فرنٹیئر کور، لیویز، کوسٹ گارڈز یا میری ٹائم سیکیورٹی ایجنسی
m-choose-where-the-interception-took-place = منتخب کریں کہ روک تھام کہاں ہوئی
m-enter-the-place-of-the-interception = روک تھام کا مقام درج کریں
m-keep-the-place-under-200-characters = مقام ۲۰۰ حروف سے کم رکھیں
m-choose-the-district = ضلع منتخب کریں
m-enter-the-date-of-the-interception = روک تھام کی تاریخ درج کریں
m-choose-whether-the-migrants-were-leaving-or-entering-pakistan = منتخب کریں کہ تارکینِ وطن پاکستان سے باہر جا رہے تھے یا داخل ہو رہے تھے
m-enter-the-number-of-smugglers-arrested-from-0-to-100-000 = گرفتار اسمگلروں کی تعداد ۰ سے ۱۰۰٬۰۰۰ تک درج کریں
m-enter-at-least-one-group-of-migrants-or-the-number-of-smugglers-arrested = تارکینِ وطن کا کم از کم ایک گروہ، یا گرفتار اسمگلروں کی تعداد درج کریں
m-enter-at-most-100-groups-of-migrants = تارکینِ وطن کے زیادہ سے زیادہ ۱۰۰ گروہ درج کریں
m-choose-each-group-s-nationality-from-the-list = ہر گروہ کی قومیت فہرست میں سے منتخب کریں
m-enter-the-number-of-migrants-in-each-group-from-1-to-100-000 = ہر گروہ میں تارکینِ وطن کی تعداد ۱ سے ۱۰۰٬۰۰۰ تک درج کریں
m-enter-the-number-of-each-kind-of-vehicle-or-boat-from-1-to-100-000 = ہر قسم کی گاڑی یا کشتی کی تعداد ۱ سے ۱۰۰٬۰۰۰ تک درج کریں
m-choose-the-sex-and-the-age-group-of-each-group-of-migrants = تارکینِ وطن کے ہر گروہ کی جنس اور عمر کا گروہ منتخب کریں
m-this-role-does-not-record-interceptions = یہ کردار روک تھام درج نہیں کرتا
m-this-role-sees-the-totals-of-interceptions-only = یہ کردار روک تھام کی صرف مجموعی تعداد دیکھتا ہے
m-this-role-does-not-see-interceptions = یہ کردار روک تھام نہیں دیکھتا
m-this-case-is-already-linked-to-the-interception = یہ مقدمہ پہلے ہی اس روک تھام سے منسلک ہے
