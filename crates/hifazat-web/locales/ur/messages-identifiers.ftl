# فون، اکاؤنٹ اور پتوں (شناختی نشانات) کے صفحات پر ڈومین اور اسٹور کے پیغامات (انگریزی متن ہی ان کی کلید ہے)۔

m-enter-a-phone-number = فون نمبر درج کریں
m-enter-an-iban-or-an-account-number = IBAN یا اکاؤنٹ نمبر درج کریں
m-enter-a-mobile-wallet-number = موبائل والٹ نمبر درج کریں
m-enter-an-address = پتہ درج کریں
m-enter-a-phone-or-wallet-number-like-0300-1234567-or-92-300-1234567 = فون یا والٹ نمبر درج کریں، جیسے 0300 1234567 یا +92 300 1234567
m-enter-the-address-in-full-house-street-area-town = پورا پتہ درج کریں (مکان، گلی، علاقہ، شہر)
m-enter-an-address-of-at-most-300-characters = پتہ زیادہ سے زیادہ ۳۰۰ حروف کا درج کریں
m-enter-an-account-number-with-letters-and-digits-only = اکاؤنٹ نمبر صرف حروف اور ہندسوں میں درج کریں
m-enter-the-iban-exactly-as-written-its-check-digits-do-not-match = IBAN بالکل ویسا ہی درج کریں جیسا لکھا ہے: اس کے جانچ کے ہندسے نہیں ملتے
m-enter-an-account-number-of-4-to-30-letters-and-digits-or-an-iban = ۴ سے ۳۰ حروف اور ہندسوں کا اکاؤنٹ نمبر، یا IBAN درج کریں
m-enter-the-bank-for-an-account-number-that-is-not-an-iban = جو اکاؤنٹ نمبر IBAN نہ ہو، اس کے لیے بینک کا نام درج کریں
m-enter-the-bank-s-short-name-like-hbl-or-meezan = بینک کا مختصر نام درج کریں، جیسے HBL یا MEEZAN
m-enter-the-reference-of-a-record-you-may-read = کسی ایسے ریکارڈ کا حوالہ نمبر درج کریں جسے آپ دیکھ سکتے ہیں
m-enter-the-reference-of-the-record = ریکارڈ کا حوالہ نمبر درج کریں
m-enter-a-note-of-at-most-1000-characters = نوٹ زیادہ سے زیادہ ۱۰۰۰ حروف کا درج کریں
m-this-is-already-linked-to-that-record = یہ اس ریکارڈ سے پہلے ہی منسلک ہے
m-only-case-officers-search-phones-accounts-and-addresses = فون، اکاؤنٹ اور پتے صرف مقدمات کے افسران تلاش کر سکتے ہیں
m-only-case-officers-link-phones-accounts-and-addresses = فون، اکاؤنٹ اور پتے صرف مقدمات کے افسران منسلک کر سکتے ہیں
m-choose-what-the-identifier-is-linked-to = منتخب کریں کہ یہ شناختی نشان کس سے منسلک ہے
m-choose-a-phone-number-bank-account-mobile-wallet-or-address = فون نمبر، بینک اکاؤنٹ، موبائل والٹ یا پتہ منتخب کریں
