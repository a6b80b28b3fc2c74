# نیٹ ورک: کسی مقدمے، شخص، ایجنٹ یا واپس آنے والے کے گرد کون کس سے جڑا ہے (issue 13)۔

network-title = نیٹ ورک
network-lead = اس ریکارڈ سے جڑے مقدمات، افراد، ایجنٹ، واپس آنے والے، واچ لسٹ کے اندراجات اور راستے، اور وہ ریکارڈ جن کا فون، اکاؤنٹ یا پتہ مشترک ہے، جہاں تک آپ انہیں دیکھ سکتے ہیں۔ متاثرین اپنے مقدمے کے کوڈ سے دکھائے جاتے ہیں، کبھی نام سے نہیں۔
network-hops = کتنے ربط تک دیکھیں
network-show = دکھائیں
network-summary = { $nodes } ریکارڈ اور { $links } ربط، زیادہ سے زیادہ { $hops } ربط کے فاصلے تک۔
network-hidden = { $count ->
    [one] { $count } منسلک مقدمہ آپ کے دائرۂ اختیار سے باہر ہے اور نہیں دکھایا گیا۔
   *[other] { $count } منسلک مقدمات آپ کے دائرۂ اختیار سے باہر ہیں اور نہیں دکھائے گئے۔
}
network-truncated = نیٹ ورک پورا دکھانے کے لیے بہت بڑا ہے: کم ربط تک دیکھیں، یا کسی دور کے ریکارڈ سے شروع کریں۔
network-chart-title = نیٹ ورک، آغاز سے فاصلے کے لحاظ سے
network-nodes = ریکارڈ
network-node = ریکارڈ
network-kind = نوعیت
network-distance = ربط کا فاصلہ
network-recentre = یہاں سے شروع کریں
network-links = ربط
network-no-links = ابھی اس ریکارڈ سے کچھ منسلک نہیں۔
network-victim = متاثرہ فرد
network-kind-case = مقدمہ
network-kind-person = شخص
network-kind-agent = ایجنٹ
network-kind-returnee = واپس آنے والا
network-kind-entry = واچ لسٹ کا اندراج
network-kind-route = راستہ
network-rel-accused = ملزم، اس مقدمے میں
network-rel-victim = متاثرہ، اس مقدمے میں
network-rel-witness = گواہ، اس مقدمے میں
network-rel-complainant = مدعی، اس مقدمے میں
network-rel-agent = ایجنٹ، اس مقدمے میں
network-rel-debriefing = بازپرس سے مقدمہ کھلا
network-rel-named-in-debriefing = کی بازپرس میں نام آیا
network-rel-same-person = وہی شخص
network-rel-listed = فہرست میں درج
network-rel-matched = آمد پر مماثلت
network-rel-route = یہ راستہ اختیار کیا
network-open = نیٹ ورک
network-rel-shared-identifier = کا فون، اکاؤنٹ یا پتہ مشترک ہے
