#!/usr/bin/env python3
"""Seeded generator of a Pakistani screening benchmark.

Writes, under the output directory:
  watchlist.csv            10,000 identities (id,full_name,father_name,date_of_birth,cnic,passport,nationality)
  queries.csv              varied queries of watchlist identities + clean queries
  truth.csv                query_id,watchlist_id (watchlist_id empty for clean queries),kind
  watchlist_100k.csv       the 10,000 identities + 90,000 more   (with --big)
  watchlist_1m.csv         the 10,000 identities + 990,000 more  (with --big)

The variation here is written independently of the engine's rules: its own Urdu spellings, its
own romanisation noise (vowel and doubling changes, h-dropping, q/k, w/v), keyboard typos,
honorifics, order changes, dropped parts, identifier formatting and partial dates.
"""
import argparse
import csv
import os
import random

MALE = """Asif Tariq Imran Kamran Adnan Faisal Nadeem Naveed Waseem Saleem Naeem Shahid Zahid Sajid Majid
Khalid Rashid Hamid Abid Arif Atif Aqeel Shakeel Jameel Khalil Ismail Ilyas Yousaf Younis Idrees Ishaq
Yaqoob Ayub Bilal Hamza Usman Umar Ali Hassan Hussain Abbas Raza Haider Jafar Kazim Mehdi Taqi Naqi
Zubair Junaid Fahad Saad Talha Owais Rizwan Irfan Imtiaz Ejaz Riaz Fayyaz Niaz Ayaz Shahbaz Shahzad
Farhan Rehan Adil Aamir Amjad Arshad Irshad Javed Pervaiz Parvez Akbar Asghar Anwar Aslam Akram
Afzal Azhar Mazhar Muzaffar Zafar Iqbal Ashraf Sharif Latif Hafeez Rauf Tauseef Touqeer Naseer Basharat
Shaukat Liaquat Sadaqat Qasim Nasir Tahir Zakir Shakir Sabir Jabir Qadir Nazir Bashir Munir Tanveer
Sarwar Anwer Ghafoor Shakoor Mansoor Manzoor Masood Mehmood Mahmood Ahmed Rafiq Shafiq Tauqeer Waqas
Waqar Mudassar Mubashir Moazzam Mohsin Ahsan Hasnain Sibtain Ehsan Nauman Sufyan Zeeshan Shoaib
Sohail Suhail Wajid Sajjad Fawad Jawad Ghulam Noor Gul Sher Dost Allah Karim Rahim Sattar Ghaffar
Jabbar Razzaq Wahab Aziz Hakeem Majeed Hameed Rasheed Saeed Waheed Fareed Mujeeb Habib""".split()

FEMALE = """Shazia Nasreen Parveen Kausar Rukhsana Shabana Farzana Samina Yasmin Nazia Saima Sadia Rabia
Aisha Fatima Zainab Maryam Amna Hina Sana Iqra Mehwish Sidra Bushra Asma Uzma Nadia Rubina Tahira Zahida
Shahida Naseem Khalida Razia Sughra Kaneez Zubaida Ghazala Shaista Musarrat Nusrat Tasleem Robina
Sumaira Naila Humaira Farah Anila Lubna Huma Mahnoor Areeba Kiran Saba Nida Rida Fozia Irum""".split()

SURNAMES = """Khan Ahmed Ali Hussain Shah Butt Malik Chaudhry Qureshi Sheikh Awan Bhatti Gondal Cheema Warraich
Bajwa Gujjar Jutt Rana Mughal Baig Mirza Abbasi Siddiqui Farooqi Ansari Rajput Khattak Yousafzai Afridi
Durrani Baloch Bugti Marri Leghari Mazari Khoso Jatoi Memon Soomro Sial Tiwana Niazi Kiyani Satti
Janjua Minhas Virk Sandhu Dogar Arain Kamboh Hashmi Gilani Bukhari Naqvi Rizvi Kazmi Jafri Zaidi
Iqbal Akhtar Javed Mehmood Aslam Anwar Rasool Nawaz Sharif Zaman Din Ullah""".split()

TITLES_M = ["Haji", "Mr", "Ch.", "Rana", "Malik", "Syed", "Mian", "Hafiz", "Dr", "Sheikh", "Mirza", "Qazi", "Maulana"]
TITLES_F = ["Mst.", "Mrs", "Bibi", "Begum", "Ms"]

# Urdu spellings written for this generator (not taken from the engine).
URDU = {
    "muhammad": "محمد", "asif": "آصف", "tariq": "طارق", "imran": "عمران", "kamran": "کامران", "adnan": "عدنان",
    "faisal": "فیصل", "nadeem": "ندیم", "naveed": "نوید", "waseem": "وسیم", "saleem": "سلیم", "naeem": "نعیم",
    "shahid": "شاہد", "zahid": "زاہد", "sajid": "ساجد", "majid": "ماجد", "khalid": "خالد", "rashid": "راشد",
    "hamid": "حامد", "abid": "عابد", "arif": "عارف", "atif": "عاطف", "aqeel": "عقیل", "shakeel": "شکیل",
    "jameel": "جمیل", "khalil": "خلیل", "ismail": "اسماعیل", "ilyas": "الیاس", "yousaf": "یوسف",
    "younis": "یونس", "idrees": "ادریس", "ishaq": "اسحاق", "yaqoob": "یعقوب", "ayub": "ایوب", "bilal": "بلال",
    "hamza": "حمزہ", "usman": "عثمان", "umar": "عمر", "ali": "علی", "hassan": "حسن", "hussain": "حسین",
    "abbas": "عباس", "raza": "رضا", "haider": "حیدر", "zubair": "زبیر", "junaid": "جنید", "fahad": "فہد",
    "rizwan": "رضوان", "irfan": "عرفان", "imtiaz": "امتیاز", "ejaz": "اعجاز", "riaz": "ریاض", "fayyaz": "فیاض",
    "shahbaz": "شہباز", "shahzad": "شہزاد", "farhan": "فرحان", "adil": "عادل", "aamir": "عامر", "amjad": "امجد",
    "arshad": "ارشد", "javed": "جاوید", "pervaiz": "پرویز", "akbar": "اکبر", "asghar": "اصغر", "anwar": "انور",
    "aslam": "اسلم", "akram": "اکرم", "afzal": "افضل", "azhar": "اظہر", "zafar": "ظفر", "iqbal": "اقبال",
    "ashraf": "اشرف", "sharif": "شریف", "latif": "لطیف", "hafeez": "حفیظ", "rauf": "رؤف", "shaukat": "شوکت",
    "qasim": "قاسم", "nasir": "ناصر", "tahir": "طاہر", "nazir": "نذیر", "bashir": "بشیر", "munir": "منیر",
    "tanveer": "تنویر", "sarwar": "سرور", "mansoor": "منصور", "masood": "مسعود", "mehmood": "محمود",
    "mahmood": "محمود", "ahmed": "احمد", "rafiq": "رفیق", "shafiq": "شفیق", "waqas": "وقاص", "waqar": "وقار",
    "mohsin": "محسن", "ahsan": "احسن", "ehsan": "احسان", "zeeshan": "ذیشان", "shoaib": "شعیب", "sohail": "سہیل",
    "sajjad": "سجاد", "ghulam": "غلام", "noor": "نور", "gul": "گل", "sher": "شیر", "allah": "اللہ",
    "karim": "کریم", "rahim": "رحیم", "sattar": "ستار", "aziz": "عزیز", "majeed": "مجید", "hameed": "حمید",
    "rasheed": "رشید", "saeed": "سعید", "habib": "حبیب", "shazia": "شازیہ", "nasreen": "نسرین",
    "parveen": "پروین", "kausar": "کوثر", "rukhsana": "رخسانہ", "shabana": "شبانہ", "farzana": "فرزانہ",
    "samina": "ثمینہ", "yasmin": "یاسمین", "nazia": "نازیہ", "saima": "صائمہ", "sadia": "سعدیہ", "rabia": "رابعہ",
    "aisha": "عائشہ", "fatima": "فاطمہ", "zainab": "زینب", "maryam": "مریم", "amna": "آمنہ", "hina": "حنا",
    "sana": "ثنا", "bushra": "بشریٰ", "asma": "اسماء", "uzma": "عظمیٰ", "nadia": "نادیہ", "tahira": "طاہرہ",
    "khan": "خان", "shah": "شاہ", "butt": "بٹ", "malik": "ملک", "chaudhry": "چوہدری", "qureshi": "قریشی",
    "sheikh": "شیخ", "awan": "اعوان", "bhatti": "بھٹی", "cheema": "چیمہ", "bajwa": "باجوہ", "rana": "رانا",
    "mughal": "مغل", "baig": "بیگ", "mirza": "مرزا", "abbasi": "عباسی", "siddiqui": "صدیقی", "ansari": "انصاری",
    "afridi": "آفریدی", "baloch": "بلوچ", "memon": "میمن", "niazi": "نیازی", "hashmi": "ہاشمی", "gilani": "گیلانی",
    "bukhari": "بخاری", "naqvi": "نقوی", "rizvi": "رضوی", "kazmi": "کاظمی", "zaidi": "زیدی", "akhtar": "اختر",
    "rasool": "رسول", "nawaz": "نواز", "zaman": "زمان", "din": "دین", "ullah": "اللہ", "haji": "حاجی",
    "syed": "سید", "mian": "میاں", "hafiz": "حافظ", "bibi": "بی بی", "begum": "بیگم", "mst.": "مسمات",
}

# Romanisations a clerk might write (generator's own list).
ALT_SPELL = {
    "muhammad": ["Mohammad", "Mohammed", "Muhammed", "Mohd", "Md", "M.", "Mohamed"],
    "chaudhry": ["Chaudhary", "Choudhry", "Ch.", "Chowdhury"],
    "hussain": ["Hussein", "Husain", "Hosain"],
    "hassan": ["Hasan"],
    "ahmed": ["Ahmad"],
    "yousaf": ["Yusuf", "Yousuf"],
    "usman": ["Osman", "Uthman"],
    "umar": ["Omar", "Umer"],
    "qasim": ["Kasim"],
    "iqbal": ["Ikbal"],
    "mehmood": ["Mahmood", "Mahmud"],
    "aisha": ["Ayesha", "Aysha"],
    "sheikh": ["Shaikh"],
    "syed": ["Sayed", "Sayyid"],
}


def romanise(r, tok):
    """Random romanisation noise on one Latin token (independent of the engine's keys)."""
    low = tok.lower()
    if low in ALT_SPELL and r.random() < 0.7:
        return r.choice(ALT_SPELL[low])
    s = low
    rules = [
        ("ee", "i"), ("i", "ee"), ("oo", "u"), ("u", "oo"), ("aa", "a"), ("q", "k"), ("w", "v"),
        ("v", "w"), ("z", "s"), ("ai", "ay"), ("e", "a"), ("a", "e"), ("ou", "o"), ("y", "i"),
        ("ss", "s"), ("tt", "t"), ("sh", "sch"), ("kh", "k"), ("ph", "f"), ("f", "ph"), ("i", "e"),
    ]
    r.shuffle(rules)
    changed = 0
    for a, b in rules:
        if a in s and changed < r.choice([1, 1, 2]):
            idx = [i for i in range(len(s)) if s.startswith(a, i)]
            i = r.choice(idx)
            if i == 0 and a in ("a", "e", "i", "u", "y"):
                continue
            s = s[:i] + b + s[i + len(a):]
            changed += 1
    return s.capitalize()


KEYS = "qwertyuiopasdfghjklzxcvbnm"


def typo(r, tok):
    if len(tok) < 4:
        return tok
    s = tok.lower()
    op = r.choice(["sub", "del", "ins", "swap"])
    i = r.randrange(1, len(s))
    if op == "sub":
        s = s[:i] + r.choice(KEYS) + s[i + 1:]
    elif op == "del":
        s = s[:i] + s[i + 1:]
    elif op == "ins":
        s = s[:i] + r.choice(KEYS) + s[i:]
    elif i < len(s) - 1:
        s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s.capitalize()


def cnic(r):
    return f"{r.randint(10000, 69999)}-{r.randint(1000000, 9999999)}-{r.randint(0, 9)}"


def passport(r):
    return r.choice(["AB", "AC", "AD", "BN", "CK", "DR", "EJ", "FA"]) + str(r.randint(1000000, 9999999))


def dob(r):
    y = r.randint(1955, 2004)
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    return (y, m, d)


def identity(r):
    female = r.random() < 0.22
    toks = []
    if not female and r.random() < 0.38:
        toks.append("Muhammad")
    if female:
        toks.append(r.choice(FEMALE))
        if r.random() < 0.25:
            toks.append(r.choice(["Bibi", "Begum", "Akhtar", "Kausar", "Parveen", "Noor"]))
    else:
        toks.append(r.choice(MALE))
        if r.random() < 0.3:
            toks.append(r.choice(MALE))
    if r.random() < 0.6:
        toks.append(r.choice(SURNAMES))
    # dedupe adjacent duplicates
    out = []
    for t in toks:
        if not out or out[-1] != t:
            out.append(t)
    father = []
    if r.random() < 0.3:
        father.append("Muhammad")
    father.append(r.choice(MALE))
    if r.random() < 0.5:
        father.append(r.choice(SURNAMES))
    p = r.random()
    d = dob(r)
    return {
        "female": female,
        "name": out,
        "father": father if r.random() < 0.8 else [],
        "dob": d if p < 0.6 else ((d[0], None, None) if p < 0.8 else None),
        "cnic": cnic(r) if r.random() < 0.6 else "",
        "passport": passport(r) if r.random() < 0.3 else "",
        "nat": "Pakistan" if r.random() < 0.9 else r.choice(["Afghanistan", "Bangladesh", "Iran", ""]),
    }


def fmt_dob(d):
    if d is None:
        return ""
    y, m, dd = d
    if m is None:
        return f"{y:04d}"
    return f"{y:04d}-{m:02d}-{dd:02d}"


def row(i, ident, title=None):
    name = " ".join(([title] if title else []) + ident["name"])
    return [i, name, " ".join(ident["father"]), fmt_dob(ident["dob"]), ident["cnic"], ident["passport"], ident["nat"]]


def to_urdu(tokens):
    out = []
    for t in tokens:
        u = URDU.get(t.lower())
        if u is None:
            return None
        out.append(u)
    return out


def vary(r, ident):
    """A query of the same person, with 1-3 kinds of variation. Returns (row fields, kinds)."""
    name = list(ident["name"])
    father = list(ident["father"])
    kinds = []
    n_var = r.choice([1, 1, 2, 2, 3])
    choices = ["spelling", "urdu", "typo", "honorific", "order", "drop", "father_inline", "ids", "dob"]
    picked = r.sample(choices, n_var)
    title = None
    if "urdu" in picked:
        u = to_urdu(name)
        uf = to_urdu(father) if father else []
        if u is not None and uf is not None:
            name, father = u, uf
            kinds.append("urdu")
        else:
            picked.append("spelling")
    if "spelling" in picked and "urdu" not in kinds:
        k = r.randrange(len(name))
        name[k] = romanise(r, name[k])
        if father and r.random() < 0.5:
            k = r.randrange(len(father))
            father[k] = romanise(r, father[k])
        kinds.append("spelling")
    if "typo" in picked and "urdu" not in kinds:
        cand = [i for i, t in enumerate(name) if len(t) >= 4 and t.lower() != "muhammad"]
        if cand:
            k = r.choice(cand)
            name[k] = typo(r, name[k])
            kinds.append("typo")
    if "honorific" in picked:
        if "urdu" in kinds:
            title = r.choice(["حاجی", "مسمات"] if ident["female"] else ["حاجی", "سید", "میاں"])
        else:
            title = r.choice(TITLES_F if ident["female"] else TITLES_M)
        kinds.append("honorific")
    if "order" in picked and len(name) >= 2:
        # surname first, as in registers
        name = [name[-1]] + name[:-1]
        kinds.append("order")
    if "drop" in picked and len(name) >= 3:
        del name[-1]
        kinds.append("drop_part")
    full = " ".join(([title] if title else []) + name)
    fcol = " ".join(father)
    if "father_inline" in picked and father:
        rel = "ولد" if "urdu" in kinds else r.choice(["s/o", "S/O", "son of", "s/o."]) if not ident["female"] else r.choice(["d/o", "D/O", "w/o"])
        full = f"{full} {rel} {fcol}"
        fcol = ""
        kinds.append("father_inline")
    elif father and r.random() < 0.3:
        fcol = ""  # father not recorded at the airport
        kinds.append("no_father")
    # identifiers: often unknown in a query
    c = ident["cnic"]
    pp = ident["passport"]
    if "ids" in picked:
        if c:
            c = c.replace("-", "") if r.random() < 0.6 else c.replace("-", " ")
        if pp:
            pp = pp[:2] + " " + pp[2:]
        kinds.append("id_format")
    else:
        if r.random() < 0.6:
            c = ""
        if r.random() < 0.6:
            pp = ""
    d = ident["dob"]
    if "dob" in picked and d and d[1] is not None:
        if r.random() < 0.5:
            d = (d[0], None, None)
            kinds.append("dob_year")
        else:
            d = (d[0], d[2], d[1]) if d[2] <= 12 else (d[0], None, None)
            kinds.append("dob_swapped")
    elif r.random() < 0.4:
        d = None
    return [full, fcol, fmt_dob(d), c, pp, ident["nat"] if r.random() < 0.7 else ""], kinds


def near_miss(r, ident):
    """A different person close to a watchlist identity."""
    other = identity(r)
    kind = r.choice(["brother", "same_given_other_family", "homonym_other_father"])
    name = list(ident["name"])
    if kind == "brother":
        # same father and family name, different given name
        pool = FEMALE if ident["female"] else MALE
        idx = 1 if name[0] == "Muhammad" and len(name) > 1 else 0
        new = r.choice([p for p in pool if p != name[idx]])
        name[idx] = new
        other["name"] = name
        other["father"] = list(ident["father"]) or other["father"]
    elif kind == "same_given_other_family":
        keep = [t for t in name[:-1]] if len(name) > 1 else name
        other["name"] = keep + [r.choice([s for s in SURNAMES if s not in name])]
        other["father"] = [r.choice(MALE), r.choice(SURNAMES)]
    else:
        other["name"] = name
        f = [r.choice(MALE)]
        while ident["father"] and f[0] in ident["father"]:
            f = [r.choice(MALE)]
        other["father"] = f + ([r.choice(SURNAMES)] if r.random() < 0.5 else [])
        d = dob(r)
        while ident["dob"] and abs(d[0] - ident["dob"][0]) < 3:
            d = dob(r)
        other["dob"] = d
    return other, kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/out/pk")
    ap.add_argument("--seed", type=int, default=20260501)
    ap.add_argument("--watchlist", type=int, default=10_000)
    ap.add_argument("--true-queries", type=int, default=3_000)
    ap.add_argument("--clean-queries", type=int, default=90_000)
    ap.add_argument("--big", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    r = random.Random(a.seed)
    wl = [identity(r) for _ in range(a.watchlist)]
    header = ["id", "full_name", "father_name", "date_of_birth", "cnic", "passport", "nationality"]
    with open(os.path.join(a.out, "watchlist.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for i, ident in enumerate(wl):
            w.writerow(row(f"W{i}", ident, r.choice(TITLES_F if ident["female"] else TITLES_M) if r.random() < 0.1 else None))
    # A clean query must be distinguishable in principle from every watchlist entry: if one
    # own-name token set contains the other and nothing conflicts (father, birth year, CNIC, all
    # where both sides have them), no matcher and no officer could tell them apart; such
    # namesakes are left out of the clean set and counted.
    TITLE_WORDS = {t.lower().rstrip(".") for t in TITLES_M + TITLES_F} | {"bibi", "begum"}

    def sound(t):
        """The generator's own notion of 'sounds the same' (Majeed = Majid, Anwer = Anwar)."""
        t = t.lower().rstrip(".")
        for a, b in (("ee", "i"), ("oo", "u"), ("ou", "u"), ("ai", "e"), ("e", "a"), ("o", "u"), ("w", "v"), ("q", "k")):
            t = t.replace(a, b)
        out = ""
        for ch in t:
            if not out or out[-1] != ch:
                out += ch
        return out

    def toks_of(names):
        return {sound(t) for t in names} - {sound(x) for x in TITLE_WORDS}
    by_tok = {}
    MUH = sound("muhammad")
    for j, x in enumerate(wl):
        for t in toks_of(x["name"]) - {MUH}:
            by_tok.setdefault(t, []).append(j)

    wl_toks = [toks_of(x["name"]) for x in wl]
    wl_ftoks = [toks_of(x["father"]) for x in wl]
    by_set = {}
    for j, x in enumerate(wl):
        by_set.setdefault(frozenset(toks_of(x["name"]) - {MUH}), []).append(j)

    def conflicts(o, j):
        x = wl[j]
        if o["father"] and x["father"] and not (toks_of(o["father"]) & wl_ftoks[j] - {MUH}):
            return True
        if o["dob"] and x["dob"] and o["dob"][0] != x["dob"][0]:
            return True
        if o["cnic"] and x["cnic"] and o["cnic"] != x["cnic"]:
            return True
        return False

    def unresolvable(o):
        toks = toks_of(o["name"])
        core = toks - {MUH}
        if not core:
            return True
        cands = []
        # watchlist names whose tokens are a subset of the query's
        core_l = sorted(core)
        for mask in range(1, 1 << len(core_l)):
            sub = frozenset(t for i, t in enumerate(core_l) if mask >> i & 1)
            cands.extend(by_set.get(sub, []))
        # watchlist names containing all the query's tokens
        rare = min(core, key=lambda t: len(by_tok.get(t, [])))
        cands.extend(j for j in by_tok.get(rare, []) if core <= wl_toks[j])
        return any(not conflicts(o, j) for j in cands)

    skipped = 0
    queries = []
    for i in range(a.true_queries):
        j = r.randrange(len(wl))
        fields, kinds = vary(r, wl[j])
        queries.append(([None] + fields, f"W{j}", "+".join(kinds) or "plain"))
    for i in range(a.clean_queries):
        if r.random() < 0.35:
            j = r.randrange(len(wl))
            other, kind = near_miss(r, wl[j])
            kind = "near_miss_" + kind
        else:
            other = identity(r)
            kind = "clean"
        if unresolvable(other):
            skipped += 1
            continue
        queries.append((row(None, other)[:], "", kind))
    r.shuffle(queries)
    with open(os.path.join(a.out, "queries.csv"), "w", newline="", encoding="utf-8") as f, open(
        os.path.join(a.out, "truth.csv"), "w", newline="", encoding="utf-8"
    ) as t:
        w = csv.writer(f)
        tw = csv.writer(t)
        w.writerow(header)
        tw.writerow(["query_id", "watchlist_id", "kind"])
        for i, (fields, wid, kind) in enumerate(queries):
            qid = f"Q{i}"
            w.writerow([qid] + fields[1:])
            tw.writerow([qid, wid, kind])
    if a.big:
        for n, name in [(100_000, "watchlist_100k.csv"), (1_000_000, "watchlist_1m.csv")]:
            rb = random.Random(a.seed + n)
            with open(os.path.join(a.out, name), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(header)
                for i, ident in enumerate(wl):
                    w.writerow(row(f"W{i}", ident))
                for i in range(len(wl), n):
                    w.writerow(row(f"X{i}", identity(rb)))
    print(f"wrote {len(wl)} watchlist, {len(queries)} queries to {a.out}; {skipped} unresolvable namesakes left out of the clean set")


if __name__ == "__main__":
    main()
