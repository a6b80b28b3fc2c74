# Urdu of the English messages about accounts, sign-in and administration (see messages.ftl).

m-3-to-64-characters-lower-case-letters-digits-or = ۳ سے ۶۴ حروف: چھوٹے انگریزی حروف، ہندسے، '.'، '-' یا '_'
m-change-your-own-password-on-your-account-page-with-your-current-one = اپنا پاس ورڈ اپنے اکاؤنٹ کے صفحے پر، موجودہ پاس ورڈ کے ساتھ تبدیل کریں
m-choose-a-parent-that-is-not-one-of-this-agency-s-own-sub-agencies = ایسا بالائی ادارہ منتخب کریں جو اسی ادارے کے ذیلی اداروں میں سے نہ ہو
m-choose-a-password-that-differs-from-the-current-one = ایسا پاس ورڈ منتخب کریں جو موجودہ سے مختلف ہو
m-choose-the-national-level-a-province-or-a-district = قومی سطح، کوئی صوبہ یا کوئی ضلع منتخب کریں
m-choose-the-provider-s-agency-a-service-provider-s-account-sees-only-its-agency-s-referrals = فراہم کنندہ کا ادارہ منتخب کریں: خدمات فراہم کنندہ کا اکاؤنٹ صرف اپنے ادارے کے ریفرل دیکھتا ہے
m-enter-the-6-digit-code-the-app-shows-now-check-that-the-phone-s-clock-is-right = ایپ اس وقت جو ۶ ہندسوں کا کوڈ دکھا رہی ہے وہ درج کریں (یہ بھی دیکھیں کہ فون کی گھڑی درست ہے)
m-enter-the-number-of-beds-the-provider-offers-shelter = بستروں کی تعداد درج کریں: فراہم کنندہ پناہ گاہ فراہم کرتا ہے
m-enter-the-same-new-password-twice-the-two-differ = نیا پاس ورڈ دونوں بار ایک جیسا درج کریں: دونوں مختلف ہیں
m-keep-the-administrator-role-this-is-the-last-active-administrator = ایڈمنسٹریٹر کا کردار برقرار رکھیں: یہ آخری فعال ایڈمنسٹریٹر ہے
m-only-administrators-manage-agencies-the-service-directory-and-accounts = اداروں، خدمات کی ڈائریکٹری اور اکاؤنٹس کا انتظام صرف ایڈمنسٹریٹر کرتے ہیں
m-only-administrators-manage-other-people-s-accounts = دوسروں کے اکاؤنٹس کا انتظام صرف ایڈمنسٹریٹر کرتے ہیں
m-start-the-set-up-again-there-is-no-second-factor-waiting-to-be-confirmed = ترتیب دوبارہ شروع کریں: تصدیق کے لیے کوئی دوسرا مرحلہ زیرِ التوا نہیں
m-send-text-searches-cnic-passport-reference-in-the-body-of-post-api-v1-cases-search-not-in-the-address = متن کی تلاش (شناختی کارڈ، پاسپورٹ، حوالہ) POST /api/v1/cases/search کے باڈی میں بھیجیں، پتے میں نہیں
m-you-cannot-disable-your-own-account-ask-another-administrator = آپ اپنا اکاؤنٹ خود غیر فعال نہیں کر سکتے: کسی دوسرے ایڈمنسٹریٹر سے کہیں
m-you-cannot-remove-your-own-second-factor-ask-another-administrator = آپ اپنا دوسرا مرحلہ خود نہیں ہٹا سکتے: کسی دوسرے ایڈمنسٹریٹر سے کہیں
m-enter-a-password-of-at-least-12-characters = کم از کم ۱۲ حروف کا پاس ورڈ درج کریں
m-enter-a-password-of-at-most-128-characters = زیادہ سے زیادہ ۱۲۸ حروف کا پاس ورڈ درج کریں
m-the-demo-password-cannot-be-used-outside-the-demo-choose-another-password = ڈیمو پاس ورڈ ڈیمو کے علاوہ استعمال نہیں ہو سکتا: کوئی اور پاس ورڈ منتخب کریں
m-choose-a-password-that-does-not-contain-your-login-name-or-name = ایسا پاس ورڈ منتخب کریں جس میں آپ کا لاگ ان نام یا نام شامل نہ ہو
m-choose-a-password-that-is-harder-to-guess-a-common-password-a-word-with-numbers-added-or-a-keyboard-pattern-is-refused-a-few-unrelated-words-make-a-good-password = ایسا پاس ورڈ منتخب کریں جس کا اندازہ لگانا مشکل ہو: عام پاس ورڈ، ہندسوں کے ساتھ کوئی لفظ، یا کی بورڈ کا نمونہ قبول نہیں۔ چند غیر متعلق الفاظ اچھا پاس ورڈ بناتے ہیں
m-too-many-wrong-passwords-try-again-later = بہت زیادہ غلط پاس ورڈ: کچھ دیر بعد دوبارہ کوشش کریں
m-enter-the-date-as-a-day-a-month-and-a-year-in-numbers = تاریخ دن، مہینے اور سال کے ہندسوں میں درج کریں
m-enter-the-year-as-four-digits-for-example-2026 = سال چار ہندسوں میں درج کریں، مثلاً ۲۰۲۶
m-enter-a-real-date = درست تاریخ درج کریں
