"""Date expressions: resolution against publication (GUIDELINES §5).

All sentences are written for these tests in the style of Arabic conflict reporting.
Publication dates used: 2018-02-12 (a Monday), 2018-02-16 (Friday), 2018-02-11
(Sunday), 2018-01-03 (Wednesday), 2018-06-01 (Friday).
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.text.dates import DateMention, find_dates
from rasad.text.normalize import normalize
from rasad.text.tokens import tokenize

MON = date(2018, 2, 12)
FRI = date(2018, 2, 16)
SUN = date(2018, 2, 11)
D = date.fromisoformat


def mentions(text: str, published: date | None = MON) -> tuple[list[str], list[DateMention]]:
    tokens = tokenize(normalize(text).text)
    found = find_dates(tokens, published)
    spans = [" ".join(t.text for t in tokens[m.start:m.end]) for m in found]
    return spans, found


def one(text: str, published: date | None = MON) -> tuple[str, DateMention]:
    spans, found = mentions(text, published)
    assert len(found) == 1, (text, spans, found)
    return spans[0], found[0]


def check(text: str, published: date | None, day: str, precision: int, rule: str,
          window: tuple[str, str] | None = None) -> DateMention:
    _, m = one(text, published)
    assert m.date == D(day), (text, m)
    assert m.precision == precision, (text, m)
    assert m.rule == rule, (text, m)
    w = window or (day, day)
    assert m.window == (D(w[0]), D(w[1])), (text, m)
    return m


# --- اليوم and its variants -------------------------------------------------------

@pytest.mark.parametrize("text", [
    "قصفت المدفعية اليوم بلدة في الريف الشرقي",
    "قصفت المدفعية صباح اليوم بلدة في الريف الشرقي",
    "اندلعت اشتباكات عنيفة فجر اليوم على أطراف المدينة",
    "شنت الطائرات الحربية غارات مساء اليوم على مواقع المسلحين",
    "سقطت قذائف ظهر اليوم على حي سكني",
    "شهدت المدينة في هذا اليوم مظاهرات حاشدة",
    "واليوم قتل مدنيان في انفجار عبوة ناسفة",
])
def test_today(text: str) -> None:
    m = check(text, MON, "2018-02-12", 1, "date.today")
    assert m.relative


def test_tonight_spans_the_night_before() -> None:
    check("تعرضت البلدة الليلة لقصف عنيف", MON, "2018-02-12", 1, "date.today",
          ("2018-02-11", "2018-02-12"))
    check("تعرضت البلدة ليل اليوم لقصف عنيف", MON, "2018-02-12", 1, "date.today",
          ("2018-02-11", "2018-02-12"))


@pytest.mark.parametrize("text", [
    "وفي اليوم التالي انسحبت القوات من القرية",
    "وفي مثل هذا اليوم سيطر التنظيم على المدينة",
    "وفي اليوم نفسه أعلنت الفصائل النفير العام",
    "أحيا الناشطون اليوم العالمي لحقوق الإنسان",
])
def test_today_that_is_not_publication_day(text: str) -> None:
    spans, _ = mentions(text)
    assert not any("اليوم" in s for s in spans), spans


def test_until_today_is_still_a_mention() -> None:
    span, m = one("لا تزال الاشتباكات مستمرة حتى اليوم في محيط البلدة")
    assert span == "اليوم" and m.date == MON


# --- أمس, أول أمس -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "قتل ثلاثة مدنيين أمس في غارة جوية",
    "قتل ثلاثة مدنيين يوم أمس في غارة جوية",
    "وأمس قتل ثلاثة مدنيين في غارة جوية",
    "قتل مدني بالأمس برصاص قناص",
    "هاجم مسلحون مساء أمس حاجزا للشرطة",
])
def test_yesterday(text: str) -> None:
    check(text, MON, "2018-02-11", 1, "date.yesterday")


def test_last_night_reaches_into_publication_day() -> None:
    check("تعرض الحي ليلة أمس لقصف مدفعي", MON, "2018-02-11", 1, "date.yesterday",
          ("2018-02-11", "2018-02-12"))


@pytest.mark.parametrize("text", [
    "سيطرت الفصائل أمس الأول على التلة",
    "سيطرت الفصائل أول أمس على التلة",
    "سيطرت الفصائل أول من أمس على التلة",
])
def test_day_before_yesterday(text: str) -> None:
    check(text, MON, "2018-02-10", 1, "date.day_before_yesterday")


def test_laamasa_verb_is_not_yesterday() -> None:
    assert mentions("لامس عدد النازحين عشرة آلاف")[1] == []


# --- weekdays -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "day"), [
    ("قصفت الطائرات البلدة الجمعة", MON, "2018-02-09"),
    ("قصفت الطائرات البلدة يوم الجمعة", MON, "2018-02-09"),
    ("قصفت الطائرات البلدة يوم الجمعة الماضي", MON, "2018-02-09"),
    ("والجمعة خرجت مظاهرات في عدة مدن", MON, "2018-02-09"),
    ("اعتقلت القوات الأمنية ناشطين الأحد", MON, "2018-02-11"),
    ("اعتقلت القوات الأمنية ناشطين يوم السبت الفائت", MON, "2018-02-10"),
    ("اعتقلت القوات الأمنية ناشطين الثلاثاء المنصرم", MON, "2018-02-06"),
    ("انفجرت سيارة مفخخة الأربعاء", MON, "2018-02-07"),
    ("انفجرت سيارة مفخخة الخميس", MON, "2018-02-08"),
    # publication day itself, and الماضي on the same weekday = a week earlier
    ("أعلن الجيش الإثنين سيطرته على الحي", MON, "2018-02-12"),
    ("أعلن الجيش الاثنين الماضي سيطرته على الحي", MON, "2018-02-05"),
    ("خرجت مظاهرات يوم الجمعة في عدة مدن", FRI, "2018-02-16"),
    ("خرجت مظاهرات يوم الجمعة الماضي في عدة مدن", FRI, "2018-02-09"),
    ("هاجم مسلحون فجر السبت حاجزا عسكريا", FRI, "2018-02-10"),
])
def test_weekday(text: str, published: date, day: str) -> None:
    check(text, published, day, 1, "date.weekday")


def test_last_weekday_from_the_earliest_day_a_text_was_written_may_be_that_day() -> None:
    # a date the text tells, not its page's: the writer's own day is that day or later
    tokens = tokenize(normalize("خرجت مظاهرات يوم الجمعة الماضي في عدة مدن").text)
    assert [m.date for m in find_dates(tokens, FRI, earliest=True)] == [FRI]
    assert [m.date for m in find_dates(tokens, FRI)] == [D("2018-02-09")]


@pytest.mark.parametrize(("text", "published", "day", "rule", "span"), [
    ("قصفت الطائرات اليوم الأحد مواقع التنظيم", SUN, "2018-02-11", "date.today",
     "اليوم الاحد"),
    ("قصفت الطائرات صباح اليوم الأحد مواقع التنظيم", SUN, "2018-02-11", "date.today",
     "صباح اليوم الاحد"),
    ("قصفت الطائرات أمس السبت مواقع التنظيم", SUN, "2018-02-10", "date.yesterday",
     "امس السبت"),
    ("اندلعت اشتباكات مساء أمس الخميس في الحي", FRI, "2018-02-15", "date.yesterday",
     "مساء امس الخميس"),
])
def test_relative_word_with_weekday_is_one_mention(text: str, published: date, day: str,
                                                   rule: str, span: str) -> None:
    got, m = one(text, published)
    assert (got, m.date, m.rule) == (span, D(day), rule)


@pytest.mark.parametrize(("text", "published", "day", "rule"), [
    # a page dated Wednesday that says "today, Monday" was written on the Monday
    ("تواصلت فجر اليوم الإثنين المعارك في ريف إدلب", date(2018, 2, 14), "2018-02-12",
     "date.today.weekday"),
    # a page dated Sunday saying "today, Monday": the page's clock is a day behind
    ("تواصلت فجر اليوم الإثنين المعارك في ريف إدلب", SUN, "2018-02-12",
     "date.today.weekday"),
    ("قصفت الطائرات أمس السبت مواقع التنظيم", date(2018, 2, 14), "2018-02-10",
     "date.yesterday.weekday"),
])
def test_relative_word_against_a_weekday_the_page_date_is_not(
        text: str, published: date, day: str, rule: str) -> None:
    _, m = one(text, published)
    assert (m.date, m.rule, m.precision) == (D(day), rule, 1)


def test_weekday_with_its_date_takes_the_date() -> None:
    span, m = one("قصفت الطائرات يوم الأحد الموافق 11 شباط 2018 مواقع التنظيم")
    assert span == "يوم الاحد الموافق 11 شباط 2018"
    assert (m.date, m.rule, m.relative) == (D("2018-02-11"), "date.abs.dmy", False)


@pytest.mark.parametrize("text", [
    "وصل أحد عشر مقاتلا إلى القرية",
    "قتل الأحد عشر مقاتلا في الكمين",
    "قال أبو جمعة إن الطريق مقطوع",
    "قال عبد الأحد إن الطريق مقطوع",
])
def test_not_weekdays(text: str) -> None:
    assert mentions(text)[1] == []


# --- nights ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "day"), [
    ("تعرضت البلدة ليل السبت - الأحد لقصف صاروخي", MON, "2018-02-11"),
    ("تعرضت البلدة ليل السبت/الأحد لقصف صاروخي", MON, "2018-02-11"),
    ("تعرضت البلدة ليلة السبت على الأحد لقصف صاروخي", MON, "2018-02-11"),
    ("تعرضت البلدة ليل الأحد الاثنين لقصف صاروخي", MON, "2018-02-12"),
    ("تعرضت البلدة ليل الخميس والجمعة لقصف صاروخي", FRI, "2018-02-16"),
])
def test_night_of_codes_the_later_day(text: str, published: date, day: str) -> None:
    later = D(day)
    window = (later.replace(day=later.day - 1).isoformat(), day)
    check(text, published, day, 1, "date.night_of", window)


# --- days ago, weeks --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "day", "window"), [
    ("قتل شاب قبل يومين برصاص مجهولين", "2018-02-10", ("2018-02-09", "2018-02-11")),
    ("قتل شاب منذ يومين برصاص مجهولين", "2018-02-10", ("2018-02-09", "2018-02-11")),
    ("قتل شاب قبل ثلاثة أيام برصاص مجهولين", "2018-02-09", ("2018-02-08", "2018-02-10")),
    ("قتل شاب قبل 3 أيام برصاص مجهولين", "2018-02-09", ("2018-02-08", "2018-02-10")),
    ("قتل شاب قبل أيام برصاص مجهولين", "2018-02-08", ("2018-02-05", "2018-02-11")),
    ("قتل شاب منذ أيام برصاص مجهولين", "2018-02-08", ("2018-02-05", "2018-02-11")),
    ("قتل شاب قبل بضعة أيام برصاص مجهولين", "2018-02-08", ("2018-02-05", "2018-02-11")),
])
def test_days_ago(text: str, day: str, window: tuple[str, str]) -> None:
    m = check(text, MON, day, 2, "date.days_ago", window)
    assert m.window is not None and m.window[0] <= m.date <= m.window[1]


def test_week_ago_and_last_week() -> None:
    check("انسحبت القوات من القرية قبل أسبوع", MON, "2018-02-05", 2, "date.weeks_ago",
          ("2018-02-02", "2018-02-08"))
    # calendar week from Saturday (week_start in dates.yaml): Sat 3 .. Fri 9 February
    check("شهدت المنطقة الأسبوع الماضي معارك عنيفة", MON, "2018-02-06", 2, "date.last_week",
          ("2018-02-03", "2018-02-09"))


def test_recent_days() -> None:
    check("قتل عشرات المدنيين خلال الأيام الماضية", MON, "2018-02-08", 2, "date.recent",
          ("2018-02-05", "2018-02-12"))
    check("قتل 12 مدنيا خلال الـ24 ساعة الماضية", MON, "2018-02-12", 1, "date.recent",
          ("2018-02-11", "2018-02-12"))


def test_duration_counted_from_another_event_is_skipped() -> None:
    assert mentions("وصلت التعزيزات قبل يومين من الهجوم")[1] == []


@pytest.mark.parametrize(("text", "day", "window"), [
    ("لم تمض 24 ساعة على قصف استهدف البلدة حتى تجدد القصف", "2018-02-11",
     ("2018-02-10", "2018-02-11")),
    ("وبعد مرور يومين على الهجوم عادت الطائرات", "2018-02-10", ("2018-02-09", "2018-02-11")),
    ("يأتي القصف بعد يوم واحد من مجزرة ارتكبتها الطائرات", "2018-02-11",
     ("2018-02-10", "2018-02-11")),
])
def test_time_since_an_incident_named_after_ala(text: str, day: str,
                                                window: tuple[str, str]) -> None:
    check(text, MON, day, 1 if "ساعة" in text else 2, "date.elapsed", window)


def test_time_since_with_nothing_after_it_is_no_date() -> None:
    # "مرور عامين" alone is a span of time, not a day of the past; "بعد يومين" alone is
    # the future
    assert mentions("ومع مرور عامين تغيرت خريطة السيطرة")[1] == []
    assert mentions("وستنسحب القوات من المدينة بعد يومين")[1] == []


def test_before_a_weekday_is_the_weekday() -> None:
    span, m = one("انسحبت القوات قبل يوم الجمعة")
    assert (span, m.date, m.rule) == ("يوم الجمعه", D("2018-02-09"), "date.weekday")


# --- months relative to publication --------------------------------------------------------

def test_relative_months() -> None:
    check("قتل مئات المدنيين الشهر الماضي", MON, "2018-01-15", 3, "date.month",
          ("2018-01-01", "2018-01-31"))
    check("قتل مئات المدنيين مطلع الشهر الجاري", MON, "2018-02-01", 3, "date.month",
          ("2018-02-01", "2018-02-10"))
    check("قتل مئات المدنيين أواخر الشهر الماضي", MON, "2018-01-31", 3, "date.month",
          ("2018-01-21", "2018-01-31"))
    check("قتل مئات المدنيين مطلع شباط الجاري", MON, "2018-02-01", 3, "date.abs.m",
          ("2018-02-01", "2018-02-10"))


def test_current_month_ends_at_publication() -> None:
    check("قتل مئات المدنيين خلال الشهر الجاري", MON, "2018-02-06", 3, "date.month",
          ("2018-02-01", "2018-02-12"))


# --- absolute dates ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "published", "day", "rule"), [
    ("سيطرت الفصائل على القرية في 12 شباط 2018", MON, "2018-02-12", "date.abs.dmy"),
    ("سيطرت الفصائل على القرية في 10 شباط 2021", MON, "2021-02-10", "date.abs.dmy"),
    ("سيطرت الفصائل على القرية في 12 شباط", date(2018, 3, 1), "2018-02-12", "date.abs.dm"),
    ("سيطرت الفصائل على القرية في 12 من شباط", date(2018, 3, 1), "2018-02-12", "date.abs.dm"),
    ("سيطرت الفصائل على القرية في الثاني عشر من شباط", MON, "2018-02-12", "date.abs.dm"),
    ("سيطرت الفصائل على القرية في الأول من شباط", MON, "2018-02-01", "date.abs.dm"),
    ("سيطرت الفصائل على القرية في الحادية عشرة من كانون الثاني", MON, "2018-01-11",
     "date.abs.dm"),
    ("وقع الهجوم في التاسع والعشرين من آذار الماضي", MON, "2017-03-29", "date.abs.dm"),
    ("وقع الهجوم في الواحد والثلاثون من ديسمبر/كانون الأول", MON, "2017-12-31",
     "date.abs.dm"),
    ("وقع الهجوم في العشرين من أيلول 2016", MON, "2016-09-20", "date.abs.dmy"),
    ("وقع الهجوم في 3 يوليو/تموز 2023", MON, "2023-07-03", "date.abs.dmy"),
    ("وقع الهجوم في 3 تموز/يوليو", MON, "2017-07-03", "date.abs.dm"),
    ("وقع الهجوم في 03 يوليوز 2023", MON, "2023-07-03", "date.abs.dmy"),
    ("وقع الهجوم في 5 كانون الأول (ديسمبر) 2017", MON, "2017-12-05", "date.abs.dmy"),
    ("وقع الهجوم في 12 آذار من العام الماضي", MON, "2017-03-12", "date.abs.dmy"),
    ("وقع الهجوم في 14 أكتوبر عام 2016", MON, "2016-10-14", "date.abs.dmy"),
])
def test_absolute_day(text: str, published: date, day: str, rule: str) -> None:
    check(text, published, day, 1, rule)


@pytest.mark.parametrize(("text", "day"), [
    ("اعتقلت الشرطة الناشط في الخامس من الشهر الجاري", "2018-02-05"),
    ("اعتقلت الشرطة الناشط في 28 من الشهر الماضي", "2018-01-28"),
    ("اعتقلت الشرطة الناشط في العاشر من هذا الشهر", "2018-02-10"),
])
def test_day_of_relative_month(text: str, day: str) -> None:
    m = check(text, MON, day, 1, "date.abs.dm")
    assert m.relative


def test_slash_pair_is_one_mention() -> None:
    span, _ = one("وقع الهجوم في 3 يوليو/تموز 2023 قرب الحدود")
    assert span == "3 يوليو / تموز 2023"


@pytest.mark.parametrize(("month", "number"), [
    ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5), ("حزيران", 6),
    ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11),
    ("كانون الأول", 12),
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("مايو", 5),
    ("يونيو", 6), ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("اغسطس", 8),
    ("سبتمبر", 9), ("أكتوبر", 10), ("نوفمبر", 11), ("ديسمبر", 12),
    ("جانفي", 1), ("فيفري", 2), ("أفريل", 4), ("ماي", 5), ("جوان", 6), ("جويلية", 7),
    ("أوت", 8), ("يوليوز", 7), ("غشت", 8), ("شتنبر", 9), ("نونبر", 11), ("دجنبر", 12),
])
def test_every_month_name(month: str, number: int) -> None:
    check(f"اقتحمت قوات الأمن المخيم في 7 {month} 2016 واعتقلت عشرات الشبان", MON,
          f"2016-{number:02d}-07", 1, "date.abs.dmy")


@pytest.mark.parametrize("text", [
    "صدر القرار بتاريخ 12/2/2018 عن المحكمة",
    "صدر القرار بتاريخ 2018-02-12 عن المحكمة",
    "صدر القرار بتاريخ 12-02-2018 عن المحكمة",
    "صدر القرار بتاريخ 12.02.2018 عن المحكمة",
])
def test_numeric_dates(text: str) -> None:
    m = check(text, MON, "2018-02-12", 1, "date.abs.numeric")
    assert not m.relative


def test_missing_year_across_new_year() -> None:
    published = date(2018, 1, 3)
    check("قصفت الطائرات المدينة في 28 كانون الأول", published, "2017-12-28", 1, "date.abs.dm")
    check("قصفت الطائرات المدينة في 2 كانون الثاني", published, "2018-01-02", 1, "date.abs.dm")
    check("قصفت الطائرات المدينة في 28 ديسمبر الماضي", published, "2017-12-28", 1,
          "date.abs.dm")


def test_month_without_day() -> None:
    june = date(2018, 6, 1)
    check("نزح آلاف المدنيين في شباط 2018", june, "2018-02-15", 3, "date.abs.my",
          ("2018-02-01", "2018-02-28"))
    check("نزح آلاف المدنيين خلال شهر آذار الماضي", MON, "2017-03-15", 3, "date.abs.m",
          ("2017-03-01", "2017-03-31"))
    check("نزح آلاف المدنيين في نيسان", june, "2018-04-15", 3, "date.abs.m",
          ("2018-04-01", "2018-04-30"))
    # the month of publication ends at publication
    check("نزح آلاف المدنيين في شباط 2018", MON, "2018-02-06", 3, "date.abs.my",
          ("2018-02-01", "2018-02-12"))


@pytest.mark.parametrize("text", [
    "فتح باب التطوع أمام الشبان",
    "مارس الجيش ضغوطا على السكان",
    "قال إن من مارس العنف سيحاسب",
    "دخل الرتل عبر معبر باب الهوى",
])
def test_month_lookalikes_are_not_months(text: str) -> None:
    assert mentions(text)[1] == []


# --- Hijri, Eastern digits ------------------------------------------------------------------

def test_hijri() -> None:
    m = check("وقع الانفجار في 15 رمضان 1445 هـ وسط السوق", MON, "2024-03-25", 1, "date.hijri")
    assert not m.relative
    check("وقع الانفجار في 15 رمضان 1445هـ وسط السوق", MON, "2024-03-25", 1, "date.hijri")
    check("وقع الانفجار في العاشر من ذي الحجة 1438 هـ", MON, "2017-09-01", 1, "date.hijri")


@pytest.mark.parametrize("text", [
    "قال رجب طيب أردوغان إن العملية مستمرة",
    "قصفت الطائرات الحي في 15 رمضان وسط السوق",
])
def test_hijri_needs_year_and_marker(text: str) -> None:
    assert mentions(text)[1] == []


def test_eastern_arabic_digits() -> None:
    check("سيطرت القوات على البلدة في ١٢ شباط ٢٠١٨", MON, "2018-02-12", 1, "date.abs.dmy")
    check("صدر القرار بتاريخ ١٢/٢/٢٠١٨", MON, "2018-02-12", 1, "date.abs.numeric")
    check("قتل شاب قبل ٣ أيام", MON, "2018-02-09", 2, "date.days_ago",
          ("2018-02-08", "2018-02-10"))


# --- years and vaguer ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "window"), [
    ("سيطر التنظيم على المدينة عام 2014", "date.year", ("2014-01-01", "2014-12-31")),
    ("سيطر التنظيم على المدينة العام الفائت", "date.year.relative",
     ("2017-01-01", "2017-12-31")),
    ("سيطر التنظيم على المدينة مطلع العام", "date.year.relative",
     ("2018-01-01", "2018-02-12")),
    ("سيطر التنظيم على المدينة منذ سنوات", "date.years_ago", None),
])
def test_years_are_precision_4(text: str, rule: str, window: tuple[str, str] | None) -> None:
    _, m = one(text)
    assert (m.precision, m.rule) == (4, rule)
    assert m.window is not None and m.date is not None
    assert m.window[0] <= m.date <= m.window[1]
    if window:
        assert m.window == (D(window[0]), D(window[1]))


def test_general_is_not_a_year() -> None:
    assert mentions("قال الأمين العام للأمم المتحدة إن الرأي العام قلق")[1] == []


# --- without a publication date -------------------------------------------------------------

@pytest.mark.parametrize(("text", "precision"), [
    ("قتل ثلاثة مدنيين أمس", 1),
    ("قصفت الطائرات البلدة يوم الجمعة", 1),
    ("تعرضت البلدة ليل السبت - الأحد لقصف", 1),
    ("قتل شاب قبل يومين", 2),
    ("شهدت المنطقة الأسبوع الماضي معارك", 2),
    ("قتل مئات المدنيين الشهر الماضي", 3),
    ("سيطرت الفصائل على القرية في 12 شباط", 1),
])
def test_relative_without_publication_is_unresolved(text: str, precision: int) -> None:
    _, m = one(text, None)
    assert (m.date, m.window, m.relative, m.precision) == (None, None, True, precision)


def test_absolute_without_publication_is_resolved() -> None:
    m = check("سيطرت الفصائل على القرية في 12 شباط 2018", None, "2018-02-12", 1,
              "date.abs.dmy")
    assert not m.relative
    check("وقع الانفجار في 15 رمضان 1445 هـ", None, "2024-03-25", 1, "date.hijri")


# --- several mentions, spans ----------------------------------------------------------------

def test_several_mentions_in_one_sentence() -> None:
    spans, found = mentions(
        "بعد أن سيطرت الفصائل على القرية في 3 شباط، استعادتها القوات الحكومية فجر أمس"
    )
    assert spans == ["3 شباط", "فجر امس"]
    assert [m.date for m in found] == [D("2018-02-03"), D("2018-02-11")]


def test_no_date_words_returns_empty() -> None:
    assert mentions("قال المتحدث باسم الفصائل إن المعارك مستمرة على جميع المحاور")[1] == []
    assert find_dates([], MON) == []


# --- properties -----------------------------------------------------------------------------

_VOCAB = [
    "اليوم", "أمس", "الأمس", "أول", "من", "الأول", "صباح", "فجر", "ليل", "ليلة", "الليلة",
    "يوم", "هذا", "الأحد", "الاثنين", "الجمعة", "والجمعة", "السبت", "الماضي", "الماضية",
    "الجاري", "المقبل", "قبل", "منذ", "يومين", "أيام", "أسبوع", "أسابيع", "شهر", "أشهر",
    "سنوات", "عام", "العام", "الأسبوع", "الشهر", "مطلع", "أواخر", "منتصف", "شباط",
    "كانون", "الثاني", "عشر", "والعشرين", "الحادي", "تموز", "يوليو", "آب", "مارس", "رمضان",
    "ذو", "الحجة", "هـ", "م", "في", "خلال", "الأيام", "الساعات", "الـ", "ساعة", "/", "-",
    "(", ")", "،", "على", "التالي", "الموافق", "بضعة", "ثلاثة", "0", "1", "12", "29", "31",
    "32", "02", "2018", "1445", "1299", "9999", "12.02.2018", "31/2/2018", "٢٠١٨", "99999",
]


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(max_size=80),
        st.lists(st.sampled_from(_VOCAB), max_size=14).map(" ".join),
    ),
    st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
              st.just(date(2020, 1, 1))),
)
def test_never_raises_and_windows_hold(text: str, published: date | None) -> None:
    tokens = tokenize(normalize(text).text)
    found = find_dates(tokens, published)
    last = 0
    for m in found:
        assert 0 <= m.start < m.end <= len(tokens)
        assert m.start >= last  # in order, not overlapping
        last = m.end
        assert m.precision in (1, 2, 3, 4)
        assert (m.date is None) == (m.window is None)
        if m.window is not None:
            assert m.window[0] <= m.date <= m.window[1]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_arbitrary_text_at_2020(text: str) -> None:
    tokens = tokenize(normalize(text).text)
    for m in find_dates(tokens, date(2020, 1, 1)):
        assert 0 <= m.start < m.end <= len(tokens)
        if m.window is not None and m.date is not None:
            assert m.window[0] <= m.date <= m.window[1]
