# سائن ان، اپنا اکاؤنٹ، اور ایڈمنسٹریٹرز کے لیے اکاؤنٹس۔

login-title = سائن ان
login-username = لاگ ان نام
login-password = پاس ورڈ
login-submit = سائن ان کریں
login-wrong = لاگ ان نام یا پاس ورڈ غلط ہے۔
login-disabled = یہ اکاؤنٹ غیر فعال کر دیا گیا ہے۔ اگر آپ کو اب بھی اس کی ضرورت ہے تو ایڈمنسٹریٹر سے رابطہ کریں۔
login-throttled = یہاں سے بہت زیادہ ناکام کوششیں ہوئیں۔ { $wait } انتظار کریں اور دوبارہ کوشش کریں، یا ایڈمنسٹریٹر سے رابطہ کریں۔
login-demo-title = ڈیمو اکاؤنٹس
login-demo-text = یہ سرور مصنوعی ڈیمو ڈیٹا کے ساتھ چل رہا ہے۔ ہر ڈیمو اکاؤنٹ کا پاس ورڈ ہے
login-demo-io = تفتیشی افسران
login-demo-supervisor = سپروائزر، پنجاب
login-demo-protection = تحفظ افسر اور پناہ گاہ
login-demo-immigration = امیگریشن افسر، لاہور ایئرپورٹ
login-demo-prosecutor = پراسیکیوٹر
login-demo-national = قومی رابطہ کار، تجزیہ کار، آڈیٹر، ایڈمنسٹریٹر
wait-seconds = { $count } سیکنڈ
wait-minutes = { $count } منٹ
second-factor-title = اپنی تصدیقی ایپ کا کوڈ درج کریں
second-factor-code = کوڈ
second-factor-hint = آپ کی ایپ اس وقت حفاظت کے لیے جو ۶ ہندسے دکھا رہی ہے۔ اگر آپ کا فون کھو گیا ہے تو اپنے بحالی کوڈز میں سے ایک درج کریں (جیسے abcde-fghjk)؛ ہر کوڈ ایک بار کام کرتا ہے۔
second-factor-cancel = منسوخ کریں اور سائن آؤٹ کریں
second-factor-wrong = آپ کی تصدیقی ایپ اس وقت جو ۶ ہندسوں کا کوڈ دکھا رہی ہے وہ درج کریں، یا اپنے بحالی کوڈز میں سے ایک
second-factor-throttled = بہت زیادہ غلط کوڈ۔ { $wait } انتظار کریں اور دوبارہ کوشش کریں۔
