"""Extraction on sentences written for these tests in the style of Syrian news reports."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.extract import analyze, extract
from rasad.model import Article
from rasad.runtime import defaults


def events_of(text: str, published: date | None = date(2019, 8, 14)):
    lexicon, gazetteer = defaults()
    return extract(Article("t", text, published), lexicon, gazetteer)


def one(text: str, published: date | None = date(2019, 8, 14)):
    events = events_of(text, published)
    assert len(events) == 1, [(e.sub_event_type, e.location_ar) for e in events]
    return events[0]


def test_government_retakes_a_village_vso_with_yesterday():
    e = one("سيطرت قوات النظام، مساء أمس الثلاثاء، على بلدة الهبيط في ريف إدلب الجنوبي "
            "بعد اشتباكات مع الفصائل.")
    assert e.event_type == "Battles"
    assert e.sub_event_type == "Government regains territory"
    assert e.actor1 == "Military Forces of Syria (2000-2024)"
    assert e.location_ar == "الهبيط"
    assert e.event_date == "2019-08-13"
    assert e.admin1 == "Idlib"


def test_non_state_takeover_svo_after_reporting_verb():
    e = one("وقال مراسلنا إن هيئة تحرير الشام سيطرت اليوم على قرية الهبيط بعد معارك مع قوات "
            "النظام.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor1 == "HTS: Hayat Tahrir al Sham"
    assert e.actor2 == "Military Forces of Syria (2000-2024)"
    assert e.event_date == "2019-08-14"


def test_air_strike_with_civilian_casualties_and_nationality_adjective():
    e = one("قتل خمسة مدنيين وأصيب عشرة آخرون جراء غارات جوية روسية استهدفت مدينة أريحا "
            "جنوب إدلب اليوم الأحد.", date(2019, 5, 5))
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.actor2 == "Civilians (Syria)"
    assert e.civilian_targeting == "Civilian targeting"
    assert (e.fatalities, e.wounded) == (5, 10)
    assert e.inter1 == 8 and e.inter2 == 7 and e.interaction == 78
    assert e.latitude is not None


def test_generic_shelling_retyped_by_instrument_and_split_by_place():
    events = events_of("قصفت قوات النظام بالمدفعية الثقيلة بلدتي كفرنبل وحاس في ريف إدلب "
                       "الجنوبي صباح اليوم.")
    assert sorted(e.location_ar for e in events) == ["حاس", "كفرنبل"]
    assert {e.sub_event_type for e in events} == {"Shelling/artillery/missile attack"}


@pytest.mark.parametrize(
    "text",
    [
        "نفت وزارة الدفاع الروسية أن تكون طائراتها قد قصفت مدينة أريحا.",
        "تعتزم قوات النظام السيطرة على بلدة الهبيط خلال الأيام المقبلة.",
        "أرسلت الفصائل تعزيزات عسكرية إلى محيط بلدة الهبيط لصد أي تقدم.",
        "ستسيطر القوات على قرية الهبيط قريبا بحسب مصادر موالية.",
        "أحيا الأهالي الذكرى السنوية لمعركة تحرير بلدة الهبيط.",
        "حاولت قوات النظام التقدم والسيطرة على بلدة الهبيط دون جدوى.",
    ],
)
def test_denials_plans_reinforcements_and_anniversaries_are_not_events(text):
    assert events_of(text) == []


def test_capture_in_fighting_is_an_armed_clash_with_captured():
    e = one("وتمكنت هيئة تحرير الشام من أسر ثلاثة عناصر من قوات النظام خلال اشتباكات "
            "في محيط قرية الهبيط.")
    assert e.sub_event_type == "Armed clash"
    assert {e.actor1, e.actor2} == {"HTS: Hayat Tahrir al Sham",
                                    "Military Forces of Syria (2000-2024)"}
    assert e.captured == 3


def test_clash_between_two_named_sides():
    e = one("اندلعت اشتباكات عنيفة بين قوات سوريا الديمقراطية وعناصر تنظيم داعش في بلدة "
            "الشحيل شرق دير الزور.")
    assert e.sub_event_type == "Armed clash"
    assert {e.actor1, e.actor2} == {"QSD: Syrian Democratic Forces", "Islamic State (Syria)"}


def test_protest_has_protesters_as_actor1():
    e = one("خرج مئات المتظاهرين في مظاهرة وسط مدينة السويداء اليوم الجمعة للمطالبة بإسقاط "
            "النظام.", date(2023, 9, 1))
    assert e.event_type == "Protests"
    assert e.actor1 == "Protesters (Syria)"


def test_lead_and_body_telling_one_incident_merge():
    text = ("مقتل أربعة مدنيين بقصف مدفعي لقوات النظام على مدينة أريحا\n\n"
            "قتل أربعة مدنيين اليوم الأربعاء بقصف مدفعي لقوات النظام استهدف مدينة أريحا "
            "جنوب إدلب.")
    e = one(text)
    assert len(e.evidence) == 2
    assert e.fatalities == 4
    for ev in e.evidence:
        assert text[ev.start:ev.end] == ev.text


def test_explanation_keeps_dropped_frames_with_reasons():
    lexicon, gazetteer = defaults()
    a = analyze(Article("t", "نفت الفصائل سيطرة قوات النظام على بلدة الهبيط.",
                        date(2019, 8, 14)), lexicon, gazetteer)
    assert a.events == []
    assert [d.reason for d in a.dropped] == ["negated"]


def test_without_any_date_a_report_is_not_coded_but_explained():
    lexicon, gazetteer = defaults()
    a = analyze(Article("t", "سيطرت قوات النظام اليوم على بلدة الهبيط في ريف إدلب.", None),
                lexicon, gazetteer)
    assert a.events == []
    assert a.dropped and a.dropped[0].reason.startswith("no date")


def test_an_absolute_date_in_the_text_codes_an_undated_article():
    e = one("سيطرت قوات النظام في 12 شباط 2018 على بلدة الهبيط في ريف إدلب.", None)
    assert e.event_date == "2018-02-12"


def test_evidence_offsets_point_into_the_original_text():
    text = "ذكرت مصادر محلية أن «الطائرات الحربية الروسية» قصفت، اليوم، مدينة أريحا."
    e = one(text)
    ev = e.evidence[0]
    assert text[ev.start:ev.end] == ev.text
    assert "أريحا" in ev.text


def test_a_comma_and_waw_list_of_towns_gives_one_event_per_town():
    events = events_of("واستهدف الطيران الحربي الروسي اليوم كلا من \"كفرنبل، والبارة، ومعرتحرمة\" "
                       "في ريف إدلب الجنوبي.")
    assert sorted(e.location_ar for e in events) == ["البارة", "كفرنبل", "معرتحرمة"]
    assert {e.actor1 for e in events} == {"Military Forces of Russia (2000-)"}


def test_areas_under_control_are_not_a_change_of_control():
    assert events_of("وتتعرض المناطق الخاضعة لسيطرة الفصائل في مدينة سراقب لقصف متقطع منذ "
                     "أسابيع، بحسب ناشطين.") == [] or all(
        e.event_type != "Battles" for e in events_of(
            "وتتعرض المناطق الخاضعة لسيطرة الفصائل في مدينة سراقب لقصف متقطع منذ أسابيع."))
    assert events_of("وتسيطر قوات النظام على بلدة الهبيط منذ عام 2019.") == []


def test_a_headline_joins_the_body_and_alone_is_the_article_s_one_incident():
    lexicon, gazetteer = defaults()
    title = "غارات روسية على أريحا"
    text = title + "\n\nقتل مدنيان اليوم الأربعاء بغارات جوية روسية استهدفت مدينة أريحا."
    events = extract(Article("t", text, date(2019, 8, 14), title=title), lexicon, gazetteer)
    assert len(events) == 1
    assert events[0].fatalities == 2
    (alone,) = extract(Article("t", title, date(2019, 8, 14), title=title), lexicon, gazetteer)
    assert "incident.main_retold" in alone.rules


def test_allies_named_with_support_words_take_no_role():
    e = one("سيطرت قوات النظام مدعومة بالميليشيات الرديفة، مساء اليوم، على بلدة الهبيط بعد "
            "اشتباكات مع فصائل المعارضة.")
    assert e.actor1 == "Military Forces of Syria (2000-2024)"
    assert e.actor2 == "Opposition Rebels (Syria)"


def test_an_unclaimed_bomb_is_coded_to_an_unidentified_armed_group():
    e = one("قتل ثلاثة مدنيين اليوم بانفجار عبوة ناسفة في مدينة الباب شرق حلب.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1 == "Unidentified Armed Group (Syria)"
    assert e.actor2 == "Civilians (Syria)"
    assert e.fatalities == 3


def test_a_noun_trigger_takes_the_nationality_after_it_as_agent():
    e = one("قتل مدنيان بغارات روسية على مدينة سراقب اليوم.")
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.fatalities == 2


def test_a_country_alone_is_not_a_place_for_an_event():
    lexicon, gazetteer = defaults()
    a = analyze(Article("t", "شنت الطائرات الروسية اليوم غارات جوية على مناطق في سوريا.",
                        date(2019, 8, 14)), lexicon, gazetteer)
    assert a.events == []
    assert "only a country named" in [d.reason for d in a.dropped]


def test_an_incident_recalled_only_by_its_month_is_background():
    assert events_of("وكانت قوات النظام قد قصفت مدينة أريحا في آذار 2017 بالصواريخ.") == []
    assert events_of("وقصفت قوات النظام مدينة أريحا في آذار 2017 بالصواريخ.") == []


def test_a_noun_with_a_pronoun_after_a_place_type_is_not_a_name():
    events = events_of("قصفت قوات النظام بالمدفعية اليوم مدينة أريحا ومحيطها.")
    assert [e.location_ar for e in events] == ["أريحا"]


def test_one_victim_without_a_number_counts_as_one():
    e = one("قتل شاب برصاص قناص في مدينة درعا اليوم.")
    assert e.sub_event_type == "Attack"
    assert e.fatalities == 1


def test_a_finite_verb_reports_what_an_anaphoric_noun_only_recalls():
    e = one("استعاد الجيش السوري اليوم السيطرة على بلدة سراقب.")
    assert e.sub_event_type == "Government regains territory"
    assert e.location_ar == "سراقب"


def test_an_adjective_that_spells_a_town_is_not_that_town():
    events = events_of("خرج مئات الأهالي في مظاهرة سلمية في مدينة السويداء اليوم.",
                       date(2023, 9, 1))
    assert [e.location_ar for e in events] == ["السويداء"]


def test_fighting_after_which_a_village_fell_is_one_takeover():
    e = one("سيطر تنظيم داعش اليوم على قرية الهبيط في ريف إدلب الجنوبي بعد معارك مع فصائل "
            "المعارضة.")
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert (e.actor1, e.actor2) == ("Islamic State (Syria)", "Opposition Rebels (Syria)")


def test_l_plus_noun_is_a_purpose_unless_a_verb_governs_it():
    assert events_of("وقام مقاتل من الفصائل بتذخير مدفع لاستهداف مواقع قوات النظام في "
                     "بلدة الهبيط.") == []
    e = one("وتعرضت بلدة الهبيط اليوم لقصف مدفعي من قوات النظام.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_a_place_word_with_a_pronoun_introduces_no_name():
    events = events_of("قصفت قوات النظام اليوم بلدة الهبيط، تلتها عملية انسحاب من المنطقة.")
    assert [e.location_ar for e in events] == ["الهبيط"]


def test_a_generic_strike_word_takes_the_type_of_the_named_weapon_in_its_sentence():
    e = one("طالت الغارات الروسية اليوم مدينة سراقب، وبحسب ناشطين فإن القصف استهدف منازل "
            "المدنيين.")
    assert e.sub_event_type == "Air/drone strike"


def test_a_known_place_keeps_its_name_without_the_conjunction():
    events = events_of("قصفت قوات النظام اليوم بالمدفعية أرياف إدلب وحلب ومدينة سراقب.")
    assert "وحلب" not in [e.location_ar for e in events]
    assert "سراقب" in [e.location_ar for e in events]


def test_the_city_refers_back_to_the_city_named_before():
    text = ("اقتحمت قوات الاحتلال مدينة جنين فجر اليوم.\n"
            "وقال شهود إن قوات الاحتلال شنت غارات جوية على المدينة واقتحمتها بريا.")
    lexicon, gazetteer = defaults()
    events = extract(Article("t", text, date(2023, 7, 3)), lexicon, gazetteer)
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert [e.location_ar for e in strikes] == ["جنين"]


def test_hashtag_names_after_a_place_word():
    e = one("شهدت بلدة #الهبيط اليوم محاولة اغتيال طالت أحد وجهاء البلدة.")
    assert e.location_ar == "الهبيط"


def test_a_battle_told_with_one_side_takes_the_other_side_of_the_article():
    text = ("تدور معارك عنيفة منذ أيام بين قوات النظام وفصائل المعارضة في ريف إدلب.\n"
            "وسيطرت قوات النظام اليوم على قرية الهبيط.")
    lexicon, gazetteer = defaults()
    events = extract(Article("t", text, date(2019, 8, 14)), lexicon, gazetteer)
    (e,) = [x for x in events if x.location_ar == "الهبيط"]
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-2024)",
                                    "Opposition Rebels (Syria)")
    assert "role.patient.article" in e.rules


def test_warplanes_do_not_fire_artillery():
    events = events_of("شنت الطائرات الحربية الروسية اليوم غارات على مدينة أريحا، بالإضافة "
                       "إلى قصف مدفعي استهدف أطراف مدينة سراقب.")
    by_place = {e.location_ar: e for e in events}
    assert by_place["أريحا"].actor1 == "Military Forces of Russia (2000-)"
    assert by_place["سراقب"].actor1 != "Military Forces of Russia (2000-)"


def test_casualties_without_a_death_count_are_not_fatalities():
    e = one("سقط 40 مدنيا بين قتيل وجريح بغارات جوية روسية على مدينة سراقب اليوم.")
    assert e.fatalities == 0


def test_an_exact_toll_beats_dozens_and_an_update_replaces_the_toll():
    text = ("قتل العشرات بقصف مدفعي لقوات النظام على مدينة أريحا اليوم.\n"
            "وقال الدفاع المدني إن القصف المدفعي على مدينة أريحا أسفر عن مقتل 9 مدنيين.\n"
            "وارتفعت حصيلة القصف المدفعي على مدينة أريحا إلى 11 قتيلا.")
    lexicon, gazetteer = defaults()
    (e,) = extract(Article("t", text, date(2019, 8, 14)), lexicon, gazetteer)
    assert e.fatalities == 11


def test_a_toll_over_several_towns_is_split_evenly_remainder_to_the_first():
    events = events_of("قتل سبعة مدنيين بقصف مدفعي لقوات النظام على بلدتي كفرنبل وحاس اليوم.")
    by_place = {e.location_ar: e.fatalities for e in events}
    assert by_place == {"كفرنبل": 4, "حاس": 3}


def test_weapons_counted_are_not_victims():
    e = one("قتل 3 أشخاص بانفجار صاروخين في مدينة سراقب اليوم.")
    assert e.fatalities == 3


def test_a_town_a_village_belongs_to_is_not_a_second_place():
    e = one("سيطرت فصائل المعارضة اليوم على قرية الهبيط التابعة لمدينة معرة النعمان بعد "
            "اشتباكات مع قوات النظام.")
    assert e.location_ar == "الهبيط"


def test_read_also_links_are_not_reports():
    assert events_of("اقرأ أيضاً: قصف مدفعي وغارات روسية تستهدف مدينة أريحا اليوم") == []


def test_handing_over_a_person_is_not_a_transfer_of_territory():
    assert events_of("وسلمت قوة الردع القيادي المعتقل إلى جهاز دعم الاستقرار في مدينة طرابلس "
                     "اليوم.", date(2023, 8, 16)) == []


def test_an_undated_article_is_dated_by_its_url_or_dateline():
    lexicon, gazetteer = defaults()
    text = "قصفت قوات النظام اليوم بلدة الهبيط في ريف إدلب الجنوبي."
    by_url = extract(Article("t", text, None, url="https://example.org/2019/08/14/x"),
                     lexicon, gazetteer)
    assert [e.event_date for e in by_url] == ["2019-08-14"]
    dateline = "إدلب، الأربعاء 14 آب 2019\n\n" + text
    by_line = extract(Article("t", dateline, None), lexicon, gazetteer)
    assert [e.event_date for e in by_line] == ["2019-08-14"]


def test_a_strike_told_without_its_author_continues_the_last_strike():
    text = ("شنت الطائرات الحربية الروسية اليوم غارات على مدينة أريحا.\n"
            "كما تعرضت مدينة سراقب لغارات جوية مماثلة.")
    lexicon, gazetteer = defaults()
    events = extract(Article("t", text, date(2019, 8, 14)), lexicon, gazetteer)
    assert {e.location_ar: e.actor1 for e in events} == {
        "أريحا": "Military Forces of Russia (2000-)",
        "سراقب": "Military Forces of Russia (2000-)",
    }


def test_fighting_between_the_two_sides_takes_the_article_s_sides():
    text = ("هاجم تنظيم داعش مواقع فصائل المعارضة في ريف إدلب الجنوبي.\n"
            "وأكدت مصادر أن معارك عنيفة دارت بين الطرفين في محيط قرية الهبيط اليوم.")
    lexicon, gazetteer = defaults()
    events = extract(Article("t", text, date(2019, 8, 14)), lexicon, gazetteer)
    (e,) = [x for x in events if x.location_ar == "الهبيط"]
    assert {e.actor1, e.actor2} == {"Islamic State (Syria)", "Opposition Rebels (Syria)"}


def test_launching_a_named_offensive_is_an_announcement_not_a_clash():
    assert events_of("وأطلقت الفصائل معركة باسم ردع العدوان ضد قوات النظام في ريف إدلب "
                     "اليوم.") == []


def test_a_place_reached_in_a_result_clause_is_not_taken():
    e = one("سيطر تنظيم داعش اليوم على قرية الهبيط، ليصبح على مشارف بلدة التمانعة.")
    assert e.location_ar == "الهبيط"


def test_a_denial_outranks_a_background_opening():
    lexicon, gazetteer = defaults()
    a = analyze(Article("t", "وكانت الفصائل قد نفت سيطرة قوات النظام على بلدة الهبيط أمس.",
                        date(2019, 8, 14)), lexicon, gazetteer)
    assert [d.reason for d in a.dropped] == ["negated"]


def test_recalled_background_takes_a_date_only_from_its_own_clause():
    assert events_of("ويأتي سيطرة التنظيم على قرية الهبيط، بعد أن فتحت له قوات النظام قبل "
                     "أيام طريقا إلى المنطقة.") == []


def test_a_verb_with_a_definite_fighting_noun_reports_and_lists_districts():
    events = events_of("ودارت المعارك اليوم في مناطق الهبيط، وعابدين، وكفرسجنة بين قوات النظام "
                       "وفصائل المعارضة.")
    assert sorted(e.location_ar for e in events) == ["الهبيط", "عابدين", "كفرسجنة"]
    assert {e.sub_event_type for e in events} == {"Armed clash"}


def test_an_undated_article_resolves_this_month_against_the_date_its_opening_gives():
    lexicon, gazetteer = defaults()
    text = ("أعلنت قوات سوريا الديمقراطية حصيلة حملتها الأمنية الأخيرة.\n"
            "وقالت إن العملية الأولى نفذت في 10 شباط 2021 في ريف دير الزور.\n"
            "وفي 9 شباط الجاري اعتقلت قسد عنصرين من تنظيم داعش في بلدة الشحيل.")
    events = extract(Article("t", text, None), lexicon, gazetteer)
    arrests = [e for e in events if e.sub_event_type == "Arrests"]
    assert [e.event_date for e in arrests] == ["2021-02-09"]


def test_a_date_deep_in_an_undated_text_resolves_none_of_its_weekdays():
    # the operation of March 2018 is recalled by a report written months later: the
    # Thursday of the explosion is not the Thursday before it
    lexicon, gazetteer = defaults()
    text = ("ارتفع عدد قتلى تفجير صهريج مفخخ في مدينة عفرين إلى 11 مدنيا.\n"
            "ووقع التفجير في حي المحمودية بمدينة عفرين، الخميس، وتسبب بحريق كبير.\n"
            "وأكد مراسلنا أن ضحايا التفجير ارتفع إلى 11 قتيلا.\n"
            "وكان الجيش التركي قد سيطر في 24 آذار 2018 على منطقة عفرين بالكامل.")
    a = analyze(Article("t", text, None), lexicon, gazetteer)
    assert [e.event_date for e in a.events if e.sub_event_type.startswith("Remote")] == []
    assert any(d.reason.startswith("no date") for d in a.dropped)


def test_a_place_attached_with_b_qualifies_the_place_before_it():
    e = one("قتل مدنيان بقصف مدفعي لقوات النظام على قرية الهبيط بجبل الزاوية اليوم.")
    assert e.location_ar == "الهبيط"


def test_an_air_force_s_untyped_strike_is_an_air_strike():
    e = one("استهدف الاحتلال الإسرائيلي اليوم مدرسة في حي الدرج بمدينة غزة.",
            date(2024, 8, 10))
    assert e.sub_event_type == "Air/drone strike"


def test_written_place_names_lose_quotes_and_tatweel():
    e = one("قصفت قوات النظام اليوم بالمدفعية بلدة «الهبيط» في ريف إدلب.")
    assert e.location_ar == "الهبيط"


def test_control_in_the_present_is_never_a_takeover_even_in_background():
    events = events_of("وكانت قوة الردع احتجزت القيادي أمس لدى محاولته السفر عبر مطار "
                       "معيتيقة الذي تسيطر عليه القوة في طرابلس.", date(2023, 8, 15))
    assert [e.sub_event_type for e in events] == ["Arrests"]
    assert events[0].location_ar == "مطار معيتيقة"


def test_strikes_that_reached_a_place():
    e = one("وطال القصف المدفعي اليوم أطراف بلدة الهبيط في ريف إدلب.")
    assert e.sub_event_type == "Shelling/artillery/missile attack"


def test_a_governorate_named_after_a_place_says_where_it_is():
    events = events_of("قتل ثلاثة مدنيين بغارة جوية على سوق بلدة الهبيط في إدلب اليوم.")
    assert [e.location_ar for e in events] == ["الهبيط"]


def test_an_article_told_only_in_retellings_keeps_its_main_incident():
    text = ("هز التفجير الانتحاري مدينة منبج اليوم.\n"
            "وقتل 11 شخصا جراء تفجير انتحاري استهدف مطعما.\n"
            "وأظهرت لقطات لحظة التفجير الانتحاري في منبج.")
    lexicon, gazetteer = defaults()
    (e,) = extract(Article("t", text, date(2019, 1, 16)), lexicon, gazetteer)
    assert (e.sub_event_type, e.location_ar, e.fatalities) == ("Suicide bomb", "منبج", 11)


def test_a_subset_of_the_victims_is_not_another_toll():
    e = one("قتل 10 أشخاص بينهم جنديان أمريكيان اليوم بتفجير انتحاري في مدينة منبج.",
            date(2019, 1, 16))
    assert e.fatalities == 10


def test_killed_and_wounded_in_separate_clauses_are_not_mixed():
    e = one("لقي 82 طالبا مصرعهم وأصيب 160 آخرون بانفجار صاروخين في جامعة حلب اليوم.",
            date(2013, 1, 15))
    assert (e.fatalities, e.wounded) == (82, 160)


def test_a_plural_verb_after_a_place_is_not_a_listed_place():
    events = events_of("وتظاهر الآلاف اليوم في مدينة السويداء، وأضافوا أن المظاهرات ستستمر.",
                       date(2023, 9, 15))
    assert [e.location_ar for e in events] == ["السويداء"]


def test_a_governorate_and_its_capital_are_different_places_when_merging():
    text = ("معارك عنيفة بين قوات النظام وفصائل المعارضة بريف إدلب اليوم.\n"
            "ودارت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة اليوم في بلدة الهبيط "
            "بريف إدلب الجنوبي.")
    lexicon, gazetteer = defaults()
    events = extract(Article("t", text, date(2019, 8, 14)), lexicon, gazetteer)
    assert [(e.location_ar, e.geo_precision) for e in events] == [("الهبيط", 2)]


def test_an_alias_restricted_to_another_country_names_nobody_here():
    lexicon, _ = defaults()
    from rasad.extract.coding import pick_actor
    from rasad.extract.frames import ActorRef

    ref = ActorRef(("irq.pgm.pmf_local",), 0, 1, "actor.name")
    assert pick_actor(ref, lexicon, "Libya") is None
    assert pick_actor(ref, lexicon, "Iraq").name == "PMF: Popular Mobilization Forces"


def test_soldiers_among_the_dead_are_the_side_hit():
    e = one("قتل 14 شخصا بينهم 4 جنود من القوات الأمريكية اليوم عندما فجر انتحاري نفسه "
            "في مدينة منبج.", date(2019, 1, 16))
    assert e.sub_event_type == "Suicide bomb"
    assert e.actor2 == "Military Forces of the United States (2017-2021)"


def test_a_claim_names_the_author_of_the_bombing():
    text = ("قتل عشرة أشخاص بانفجار سيارة مفخخة في مدينة منبج اليوم.\n"
            "وتبنى تنظيم داعش التفجير في بيان نشره على حساباته.")
    lexicon, gazetteer = defaults()
    (e,) = extract(Article("t", text, date(2019, 1, 16)), lexicon, gazetteer)
    assert e.actor1 == "Islamic State (Syria)"
    assert "role.agent.claim" in e.rules


def test_words_with_everyday_senses_need_a_violent_context():
    sport = ("تغلب ريال مدريد على يوفنتوس في المواجهات بين الفريقين في مدينة تورينو اليوم، "
             "وسيطر الفريق على الكرة معظم المباراة.")
    assert events_of(sport) == []
    war = ("اندلعت مواجهات عنيفة اليوم بين قوات النظام وفصائل المعارضة في بلدة الهبيط، "
           "ما أدى إلى مقتل ثلاثة عناصر.")
    assert [e.sub_event_type for e in events_of(war)] == ["Armed clash"]


def test_a_march_is_not_a_drone():
    assert events_of("انطلقت مسيرة رياضية في مدينة حلب اليوم بمشاركة مئات الطلاب.") == []


def test_a_toll_in_an_undated_follow_up_sentence_joins_the_dated_report():
    text = (
        "قصفت قوات النظام بقذائف المدفعية مدينة معرة النعمان جنوبي إدلب، أمس الثلاثاء.\n\n"
        "وأدى القصف المدفعي الذي وقع في ساعات الصباح إلى مقتل 6 مدنيين بينهم طفلان."
    )
    ev = one(text, published=date(2019, 8, 14))
    assert ev.event_date == "2019-08-13"
    assert ev.fatalities == 6
    assert ev.actor2 == "Civilians (Syria)"


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    ("قتل قياديان اثنان في هيئة تحرير الشام اليوم في قصف مدفعي من قوات النظام استهدف "
     "سيارتهما في قرية إبلين بجبل الزاوية جنوبي إدلب.",
     "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham"),
    ("قتل 4 عناصر من قوات النظام بقصف صاروخي لفصائل المعارضة على مواقعهم في بلدة "
     "كفرنبودة بريف حماة الشمالي اليوم.",
     "Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)"),
])
def test_fighters_counted_among_the_dead_are_the_side_that_was_hit(text, actor1, actor2):
    ev = one(text)
    assert (ev.actor1, ev.actor2) == (actor1, actor2)
    assert "role.patient.victims_group" in ev.rules


def test_dead_fighters_joined_by_a_verb_are_not_the_victims_group():
    # "قتل 3 عناصر ... أثناء هجوم تنظيم داعش": داعش is the attacker, not the dead men's side
    ev = one("قتل 3 عناصر أثناء هجوم شنه تنظيم داعش بالصواريخ على بلدة هجين بريف دير الزور "
             "الشرقي اليوم.")
    assert ev.actor1 == "Islamic State (Syria)"
    assert "role.patient.victims_group" not in ev.rules


def test_the_side_that_withdrew_lost_the_place():
    ev = one("دخلت قوات النظام مدينة مورك بريف حماة الشمالي اليوم بعد انسحاب فصائل المعارضة "
             "منها دون قتال.")
    assert ev.sub_event_type == "Non-violent transfer of territory"
    assert ev.actor1 == "Military Forces of Syria (2000-2024)"
    assert ev.actor2 == "Opposition Rebels (Syria)"
    assert "role.patient.withdrew" in ev.rules


def test_a_trigger_form_ending_inside_a_qualified_actor_name_keeps_the_agent():
    # "دخلت قوات" ends inside "قوات الجيش", which crosses "الجيش التركي": the latter names it
    ev = one("دخلت قوات الجيش التركي بلدة الأتارب غربي حلب اليوم بعد اتفاق مع الفصائل.")
    assert ev.actor1 == "Military Forces of Turkey (2016-)"


def test_a_verb_after_comma_and_wa_opens_its_own_clause():
    evs = events_of("استهدفت فصائل المعارضة مواقع في بلدة كفرنبودة، وقصفت قوات النظام محيط "
                    "بلدة الهبيط بريف إدلب الجنوبي اليوم.")
    by_place = {e.location_ar: e for e in evs}
    assert by_place["الهبيط"].actor1 == "Military Forces of Syria (2000-2024)"
    assert by_place["كفرنبودة"].actor1 == "Opposition Rebels (Syria)"
    # the regime of the next clause is no object of "استهدفت": the positions hit are
    # its own only as the side the article is about
    assert "role.patient.object" not in by_place["كفرنبودة"].rules
    assert "role.patient.article" in by_place["كفرنبودة"].rules


def test_who_took_the_place_is_decided_by_the_actor_found_after_coding():
    # "بعد أن سيطرت على قرية الجبين" names no subject; the side comes from the clash it
    # merges with, and with it the sub-type
    ev = one("دارت اشتباكات عنيفة بين قوات النظام وفصائل المعارضة في ريف حماة الشمالي اليوم. "
             "وقالت مصادر محلية إن قوات النظام تقدمت في المنطقة، وذلك بعد أن سيطرت على "
             "قرية الجبين.")
    assert ev.actor1 == "Military Forces of Syria (2000-2024)"
    assert ev.sub_event_type == "Government regains territory"
    assert "type.from_final_actor" in ev.rules


@pytest.mark.parametrize(("text", "place"), [
    ("قتل 12 شخصا اليوم جراء انفجار سيارة ملغومة وسط العاصمة الصومالية مقديشو.", "مقديشو"),
    ("قتل 12 شخصا اليوم جراء انفجار سيارة ملغومة قرب مبنى البرلمان في العاصمة بغداد.",
     "بغداد"),
    ("شنت طائرات حربية غارة جوية على مبنى سكني في العاصمة اليمنية صنعاء اليوم.", "صنعاء"),
])
def test_the_capital_named_in_apposition_is_the_place(text, place):
    ev = one(text)
    assert ev.location_ar == place
    assert ev.geo_precision == 1


def test_a_nationality_adjective_after_the_capital_is_no_country():
    # "السورية" is the adjective, not the country سورية: the event is in Damascus
    ev = one("استهدفت طائرات إسرائيلية مبنى في العاصمة السورية دمشق عصر اليوم.")
    assert ev.location_ar == "دمشق"


@pytest.mark.parametrize(("text", "country"), [
    # a quarter the gazetteer only knows as a village abroad: the city named after it
    # holds it, so the event is coded to the city, not to the namesake
    ("استشهد خمسة فلسطينيين في غارة إسرائيلية على حي الدرج بمدينة غزة فجر اليوم.",
     "Palestine"),
    ("قتل ثلاثة أشخاص بقصف مدفعي استهدف حي الدرج في مدينة غزة صباح اليوم.", "Palestine"),
])
def test_a_city_named_after_a_quarter_holds_it(text, country):
    ev = one(text, date(2023, 11, 10))
    assert ev.country == country
    assert ev.admin1 == "Gaza Strip"
    assert ev.geo_precision == 2  # the quarter itself is unknown: coded to its city


# --------------------------------------------------------------- session 4 mechanisms


def test_civilian_thing_hit_makes_civilians_the_target():
    e = one("استهدفت غارات جوية روسية صباح اليوم سوقاً شعبياً في مدينة أريحا جنوب إدلب.",
            date(2019, 5, 5))
    assert e.actor1 == "Military Forces of Russia (2000-)"
    assert e.actor2 == "Civilians (Syria)"
    assert "victims.civilian_target" in e.rules
    # a military word among the things hit: no civilians
    e = one("استهدفت غارات جوية روسية صباح اليوم منازل ومواقع عسكرية في مدينة أريحا.",
            date(2019, 5, 5))
    assert e.actor2 is None
    # a camp named as the place is where, not what was hit
    e = one("قصفت قوات النظام بالمدفعية مخيم الركبان صباح اليوم.", date(2019, 5, 5))
    assert "victims.civilian_target" not in e.rules


def test_name_joined_to_the_agent_acts_with_it():
    e = one("واستهدف القصف المدفعي لقوات النظام وروسيا منازل في قرية كفرنبل جنوب إدلب "
            "اليوم.", date(2019, 5, 5))
    assert e.actor1 == "Military Forces of Syria (2000-2024)"
    assert e.actor2 == "Civilians (Syria)"  # not Russia, which shelled with the regime


def test_soldiers_among_the_dead_do_not_lower_the_toll():
    # the headline counts everyone, the body the foreign soldiers among them
    text = ("مقتل 12 شخصا في تفجير انتحاري داخل مطعم وسط مدينة الباب اليوم.\n"
            "وتسبب التفجير بمقتل عنصرين تركيين من قوات الجيش التركي داخل المطعم في مدينة "
            "الباب.")
    events = [e for e in events_of(text, date(2019, 1, 16))
              if e.sub_event_type == "Suicide bomb"]
    assert len(events) == 1
    assert events[0].fatalities == 12
    assert "count.part:fatalities" not in events[0].rules
    # the side counted among the dead carried out no strike of that sentence
    assert events[0].actor1 != "Military Forces of Turkey (2016-)"


def test_retelling_elsewhere_carries_its_toll_to_the_one_incident():
    text = ("انفجرت سيارة مفخخة صباح اليوم في مدينة عفرين شمال حلب.\n"
            "وقال المرصد إن 9 أشخاص قتلوا في الانفجار الذي وقع على طريق راجو.")
    events = events_of(text, date(2020, 4, 28))
    assert len(events) == 1
    assert events[0].location_ar == "عفرين"
    assert events[0].fatalities == 9


def test_verb_after_a_known_name_is_no_list_item():
    e = one("انفجرت عبوة ناسفة في مدينة منبج بسوريا وأدى الانفجار إلى مقتل 15 شخصاً.",
            date(2019, 1, 16))
    assert e.fatalities == 15  # not shared between منبج and a place "أدى"


def test_strike_on_positions_takes_the_side_the_article_is_about():
    text = ("قصفت قوات النظام بالمدفعية بلدة كفرنبل جنوب إدلب صباح اليوم.\n"
            "في المقابل استهدفت هيئة تحرير الشام مواقع في بلدة جورين بريف حماة اليوم.")
    events = {e.location_ar: e for e in events_of(text, date(2019, 5, 5))}
    e = events["جورين"]
    assert e.actor1 == "HTS: Hayat Tahrir al Sham"
    assert e.actor2 == "Military Forces of Syria (2000-2024)"
    assert "victims.military_target" in e.rules
    # a strike on a civilian thing is not completed with an armed side
    assert events["كفرنبل"].actor2 != "HTS: Hayat Tahrir al Sham"


def test_ceasefire_is_no_shooting():
    events = events_of("أعلنت فصائل المعارضة التزامها بوقف إطلاق النار في مدينة إدلب اليوم.",
                       date(2020, 3, 6))
    assert all(e.sub_event_type != "Attack" for e in events), [
        (e.sub_event_type, e.rules) for e in events]


def test_bare_toll_sentence_counts_the_one_incident_told():
    text = ("شنت طائرات حربية روسية غارة على سوق في مدينة أريحا جنوب إدلب صباح اليوم.\n"
            "وارتفع عدد القتلى إلى 11 مدنيا بحسب الدفاع المدني.")
    e = one(text, date(2019, 5, 5))
    assert e.fatalities == 11
    assert "toll.sentence" in e.rules
    assert len(e.evidence) == 2  # the toll's sentence is evidence too
    # two incidents told: whose dead the toll counts is unclear, so neither takes it
    text = ("قصفت قوات النظام بالمدفعية بلدة كفرنبل اليوم. وشنت طائرات روسية غارات على بلدة "
            "حاس اليوم.\nوارتفع عدد القتلى إلى 11 مدنيا بحسب الدفاع المدني.")
    events = events_of(text, date(2019, 5, 5))
    assert len(events) == 2
    assert all(e.fatalities == 0 for e in events)
    # a toll alone is no event
    assert events_of("وارتفع عدد القتلى إلى 11 مدنيا في مدينة أريحا اليوم.",
                     date(2019, 5, 5)) == []


def test_emphasis_adverb_is_no_place_in_a_list():
    events = events_of("وأعلنت وزارة الصحة الخميس أعداد القتلى، بعدما تركزت الاشتباكات في مناطق "
                       "شرقي العاصمة الليبية طرابلس، وخصوصاً في أحياء تاجوراء.", date(2023, 8, 16))
    assert all("خصوص" not in (e.location_ar or "") for e in events), [
        e.location_ar for e in events]


# --------------------------------------------------------- session 5: where places lie


def test_unknown_village_takes_the_district_of_the_places_listed_with_it():
    events = events_of("قصفت قوات النظام بالمدفعية الثقيلة أطراف بلدات كفرنبل وحاس والشويحات "
                       "بريف إدلب الجنوبي اليوم الأحد.", date(2024, 3, 10))
    by_place = {e.location_ar: e for e in events}
    known = by_place["كفرنبل"]
    assert "geo.gazetteer" in known.rules
    unknown = by_place["الشويحات"]
    assert (unknown.admin1, unknown.admin2, unknown.geo_precision) == (
        known.admin1, known.admin2, 2)
    assert "geo.sentence_district" in unknown.rules
    # alone in its sentence it keeps only the governorate the text names
    e = one("قصفت قوات النظام بالمدفعية قرية الشويحات بريف إدلب الجنوبي اليوم الأحد.",
            date(2024, 3, 10))
    assert (e.admin1, e.admin2) == ("Idlib", None)
    assert "geo.unknown_in_admin" in e.rules


def test_a_place_keeps_the_governorate_named_right_after_it():
    # the sentence names Idlib first, but "شرق حماة" holds the second village
    events = events_of("سيطر تنظيم داعش اليوم على قرية الخوين جنوب إدلب، بعد أن سيطر أمس "
                       "على قرية الشويحات شرق حماة.", date(2024, 3, 10))
    admin1 = {e.location_ar: e.admin1 for e in events}
    assert admin1 == {"الخوين": "Idlib", "الشويحات": "Hama"}


def test_a_known_site_named_with_its_type_word_needs_no_preposition():
    e = one("تعرضت تلال الكبينة في ريف اللاذقية لغارات جوية روسية اليوم الأحد.",
            date(2024, 3, 10))
    assert (e.location_ar, e.admin1, e.geo_precision) == ("تلال الكبينة", "Lattakia", 1)
    # a city as the subject of a verb stands for its state: no event placed there
    events = events_of("وأكدت وكالة رويترز أن تل أبيب استهدفت بغارة جوية القنصلية الإيرانية "
                       "في دمشق اليوم.", date(2024, 4, 1))
    assert [e.location_ar for e in events] == ["دمشق"]


def test_a_genitive_agent_does_not_reach_across_a_comma():
    e = one("دمرت كتائب الثوار، بصاروخ حراري، دبابة لجيش النظام في بلدة كفرنبل بريف إدلب "
            "الجنوبي اليوم.", date(2019, 5, 5))
    assert (e.actor1, e.actor2) == ("Opposition Rebels (Syria)",
                                    "Military Forces of Syria (2000-2024)")


def test_planes_belonging_to_a_side_make_it_the_agent():
    e = one("قتل خمسة جنود أتراك في غارة شنتها طائرات تابعة للنظام السوري على بلدة كفرنبل "
            "اليوم.", date(2020, 2, 27))
    assert (e.actor1, e.actor2, e.fatalities) == (
        "Military Forces of Syria (2000-2024)", "Military Forces of Turkey (2016-)", 5)


# ------------------------------------------------ session 6: tolls, capitals, agents


def test_a_toll_given_place_by_place_goes_to_each_place():
    events = events_of("قصفت قوات النظام بالمدفعية بلدات كفرنبل وحاس وسراقب اليوم الأحد، ما "
                       "أدى إلى سقوط 4 قتلى في \"كفرنبل\" وطفلين في حاس وامرأة في سراقب.",
                       date(2024, 3, 10))
    assert {e.location_ar: e.fatalities for e in events} == {
        "كفرنبل": 4, "حاس": 2, "سراقب": 1}
    assert all("count.by_place" in e.rules for e in events)
    # a place the list names without a toll of its own has no dead
    events = events_of("استهدف الطيران الحربي بلدات كفرنبل وحاس ومعرة النعمان اليوم، ما أسفر "
                       "عن مقتل 3 مدنيين في حاس.", date(2024, 3, 10))
    assert {e.location_ar: e.fatalities for e in events} == {
        "كفرنبل": 0, "حاس": 3, "معرة النعمان": 0}


def test_a_toll_for_the_whole_list_is_still_split_evenly():
    events = events_of("قصفت قوات النظام بالمدفعية بلدات كفرنبل وحاس وسراقب اليوم الأحد، ما "
                       "أدى إلى مقتل 7 مدنيين.", date(2024, 3, 10))
    assert [e.fatalities for e in events] == [3, 2, 2]
    assert not any("count.by_place" in e.rules for e in events)


def test_a_nationality_after_an_attack_noun_names_the_attacker():
    # "على" governs the aggression here (since it), not its author
    events = events_of("لم تمض 24 ساعة على عدوان إسرائيلي استهدف مطار المزة العسكري في دمشق "
                       "ما أدى إلى إصابة مدنيين اثنين، حتى تلاه اعتداء آخر اليوم استهدف مبنى في حي "
                       "كفرسوسة.", date(2024, 4, 2))
    # the civilians between the two are hit: they carry out neither strike
    assert [e.actor1 for e in events] == ["Military Forces of Israel (1948-)"] * 2
    # a cue before a force word still marks the force: here Turkey was attacked
    e = one("شنت قوات سوريا الديمقراطية هجوما على القوات التركية في قرية عون الدادات "
            "بريف منبج اليوم.", date(2024, 4, 2))
    assert "Military Forces of Turkey" in (e.actor2 or "")


def test_the_side_holding_a_place_is_not_a_party_to_the_strike():
    e = one("قتل 3 مدنيين بقصف صاروخي استهدفت به قوات النظام بلدة كفرنبل الخاضعة لسيطرة "
            "الفصائل اليوم.", date(2024, 3, 10))
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-2024)", "Civilians (Syria)")


def test_a_blast_types_a_bare_targeting_verb():
    e = one("قتل 5 أشخاص في الانفجار الذي استهدف صهريج وقود على طريق في مدينة عفرين اليوم.",
            date(2024, 3, 10))
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_houthi_names_of_the_saudi_led_coalition():
    e = one("أقدمت طائرة لتحالف الحرب على اليمن بقصف حافلة مدرسية في مدينة ضحيان بمحافظة "
            "صعدة صباح اليوم.", date(2018, 8, 9))
    assert (e.actor1, e.actor2) == ("Military Forces of Saudi Arabia (2015-)", "Civilians (Yemen)")


def test_a_claim_names_the_bomber_before_or_after_the_claim_word():
    text = ("قتل 9 أشخاص بينهم 3 جنود أمريكيين اليوم الأربعاء جراء تفجير انتحاري داخل مطعم "
            "في مدينة منبج.\n{claim}")
    for claim in ("أعلن تنظيم داعش، قبل ساعات، مسؤوليته عن التفجير.",
                  "داعش يتبنى التفجير.",
                  "ونشرت وكالة أعماق مقطعا عن التفجير الذي تبناه تنظيم داعش."):
        e = one(text.format(claim=claim), date(2019, 1, 16))
        # the soldiers counted among the dead are the side hit, not the claimant
        assert (e.actor1, e.actor2) == (
            "Islamic State (Syria)", "Military Forces of the United States (2017-2021)"), claim


def test_the_outcome_word_after_a_figure_reaches_past_its_part():
    e = one("أكدت مصادر طبية أن 12 مدنيا من بينهم 5 أطفال لقوا حتفهم في غارة جوية على بلدة "
            "كفرنبل اليوم.", date(2024, 3, 10))
    assert e.fatalities == 12


def test_a_word_of_control_owns_no_dead():
    e = one("هز انفجار اليوم مدينة عفرين الخاضعة لسيطرة القوات التركية، وقال المرصد إن 9 "
            "أشخاص قتلوا وجرح 14 آخرون.", date(2024, 3, 10))
    assert (e.fatalities, e.wounded) == (9, 14)


def test_retellings_that_name_the_sides_differently_are_one_incident():
    # (a state of control, "الواقعة تحت سيطرة", is no report beside the bombing)
    events = events_of("تبنى تنظيم داعش مقتل 10 أشخاص بينهم جنديان أمريكيان جراء تفجير انتحاري "
                       "داخل مطعم في مدينة منبج الواقعة تحت سيطرة مقاتلين عرب وأكراد اليوم.\n"
                       "وتسبب التفجير بمقتل عنصرين أميركيين من قوات التحالف كانا داخل المطعم "
                       "الذي استهدفه التفجير الانتحاري.", date(2019, 1, 16))
    assert len(events) == 1
    # the soldiers are among the ten: their count does not lower the toll
    assert (events[0].fatalities, len(events[0].evidence)) == (10, 2)


def test_the_dead_of_one_nationality_are_a_part_of_the_toll():
    e = one("أدى التفجير الانتحاري في مدينة منبج اليوم إلى مقتل 15 شخصا.\nوأكدت وزارة الدفاع "
            "مقتل أربعة أميركيين في الهجوم الانتحاري الذي وقع اليوم في مدينة منبج.",
            date(2019, 1, 16))
    assert e.fatalities == 15


def test_a_mob_is_coded_as_rioters():
    e = one("اندلعت أعمال شغب في السجن المركزي بمدينة حماة اليوم الأحد.", date(2024, 3, 10))
    assert (e.sub_event_type, e.actor1) == ("Mob violence", "Rioters (Syria)")
    # unnamed "terrorists" in a riot are the crowd
    e = one("قام إرهابيون بأعمال شغب في السجن المركزي بمدينة حماة اليوم الأحد.", date(2024, 3, 10))
    assert e.actor1 == "Rioters (Syria)"


def test_a_list_item_may_bring_its_own_type_word():
    events = events_of("اندلعت اشتباكات عنيفة بين قوة الردع واللواء 444 قتال اليوم، ودارت "
                       "المعارك في مناطق عين زارة، وصلاح الدين، وطريق الشوك وخلة الفرجان.",
                       date(2023, 8, 15))
    by_place = {e.location_ar: e for e in events}
    assert set(by_place) == {"عين زارة", "صلاح الدين", "طريق الشوك", "خلة الفرجان"}
    # a town of another country (Iraq's صلاح الدين) is no reading of a place in Tripoli
    assert {e.country for e in events} == {"Libya"}


def test_a_battle_told_with_one_side_takes_that_side_first():
    events = events_of("اندلعت اشتباكات عنيفة بين قوة الردع الخاصة واللواء 444 قتال في طرابلس "
                       "اليوم.\nوتجددت المعارك مع قوة الردع في منطقة عين زارة مساء اليوم.",
                       date(2023, 8, 15))
    zara = next(e for e in events if e.location_ar == "عين زارة")
    assert {zara.actor1, zara.actor2} == {"Radaa: Special Deterrence Force",
                                          "444th Combat Brigade"}


def test_a_toll_of_the_raids_is_no_purpose():
    # "للغارات" after a toll's noun is "of the raids", not "in order to raid"
    e = one("شنت طائرات حربية روسية غارات على بلدة كفرنبل صباح اليوم.\nوبحسب ناشطين فإن "
            "الحصيلة الأولية للغارات هي خمسة قتلى وأكثر من 20 جريحا.", date(2024, 3, 10))
    assert (e.fatalities, e.wounded) == (5, 20)


def test_a_bare_updated_figure_counts_what_the_first_figure_counted():
    e = one("أسفرت غارة جوية على بلدة كفرنبل اليوم عن 4 قتلى و10 جرحى، وفق حصيلة أولية، "
            "ارتفعت لاحقا إلى 7 وأكثر من 15 جريحا.", date(2024, 3, 10))
    assert (e.fatalities, e.wounded) == (7, 15)


def test_bodies_counted_are_the_dead():
    e = one("استهدفت غارة جوية سوقا شعبيا في بلدة كفرنبل صباح اليوم.\nوقالت مصادر طبية إن "
            "جثث 6 أطفال وصلت إلى المستشفى.", date(2024, 3, 10))
    assert e.fatalities == 6


def test_a_habit_is_no_incident():
    events = events_of("قتل شاب برصاص مسلحين مجهولين في مدينة نوى بريف درعا اليوم. وتشهد "
                       "المحافظة عمليات اغتيال بشكل شبه يومي أسفرت عن مقتل 280 شخصا.",
                       date(2024, 3, 10))
    assert [(e.location_ar, e.fatalities) for e in events] == [("نوى", 1)]
    # the tally tells no part of the killing
    assert len(events[0].evidence) == 1


def test_a_city_the_sentence_places_in_another_country_is_a_namesake():
    e = one("قتل شاب برصاص مسلحين مجهولين في بلدة صيدا بريف درعا اليوم.", date(2024, 3, 10))
    assert (e.country, e.admin1) == ("Syria", "Dar'a")
    # with no unit named, the city abroad is meant
    e = one("قتل شاب برصاص مسلحين مجهولين في مدينة صيدا جنوب لبنان اليوم.", date(2024, 3, 10))
    assert e.country == "Lebanon"


def test_what_underwent_a_strike_may_come_before_it():
    # a long subject of "تعرضت" still governs "لاستهداف": no purpose, and a military bus
    e = one("تعرضت حافلة مبيت عسكري في مدينة دمشق بالقرب من جسر الرئيس صباح اليوم "
            "لاستهداف بعبوتين ناسفتين تم لصقهما بالحافلة.", date(2022, 10, 13))
    assert "victims.military_target" in e.rules
    assert e.actor2 != "Civilians (Syria)"


def test_people_an_execution_is_done_to_are_the_dead():
    e = one("أعدم تنظيم داعش 5 مدنيين في مدينة الرقة اليوم بتهمة التجسس.",
            date(2015, 3, 29))
    assert (e.fatalities, e.actor2) == (5, "Civilians (Syria)")
    # the counted victims may come first, the pronoun on the trigger points back to them
    e = one("وقال ناشطون إن 12 مدنيا قام النظام بتصفيتهم في مدينة إدلب اليوم.", date(2015, 3, 29))
    assert (e.actor1, e.fatalities) == ("Military Forces of Syria (2000-2024)", 12)


def test_killed_and_wounded_together_count_as_killed_after_a_conjunction():
    e = one("تمكنت الفصائل اليوم من إعطاب آلية وقتل وإصابة عدد من عناصر قوات النظام خلال "
            "اشتباكات في بلدة كفرنبل.", date(2024, 3, 10))
    assert e.fatalities == 3


def test_where_a_reporter_is_based_is_no_incident_place():
    events = events_of("وقال مراسل وكالة «الأنباء» في إدلب إن اشتباكات عنيفة اندلعت اليوم بين "
                       "الفصائل وقوات النظام، انتهت بسيطرة قوات النظام على بلدة كفرنبل.",
                       date(2024, 3, 10))
    assert events and {e.location_ar for e in events} == {"كفرنبل"}


def test_a_place_the_gazetteer_lacks_in_a_named_city_lies_in_that_city():
    e = one("انفجرت سيارة مفخخة أمام مبنى سجن الأحداث بمدينة الحسكة مساء اليوم.",
            date(2022, 1, 20))
    # the city, not the governorate of the same name, holds the prison
    assert (e.admin1, e.admin2, e.geo_precision) == ("Al-Hasakeh", "Al-Hasakeh", 2)
    assert abs(e.latitude - 36.50) < 0.05


def test_dead_told_without_a_figure_are_several():
    e = one("سقط قتلى وجرحى اليوم إثر انفجار سيارة مفخخة في سوق مدينة الباب.",
            date(2024, 3, 10))
    assert e.fatalities == 3
    # any figure says more, even a vague one told after
    e = one("سقط قتلى وجرحى اليوم إثر انفجار سيارة مفخخة في سوق مدينة الباب.\nوقالت مصادر "
            "طبية إن عشرات القتلى سقطوا في التفجير.", date(2024, 3, 10))
    assert e.fatalities == 12


def test_a_known_name_is_read_whole_before_a_proclitic_is_stripped():
    # "لبنان" is the country, not ل + a village "بنان"
    e = one("قتل ثلاثة أشخاص في إطلاق نار اليوم في بيروت #لبنان", date(2021, 10, 14))
    assert (e.location_ar, e.fatalities) == ("بيروت", 3)


def test_a_figure_of_dead_and_wounded_together_is_no_death_toll():
    # dozens of casualties: the dead among them are only "several"
    e = one("عشرات سقطوا قتلى وجرحى جراء غارة جوية استهدفت سوقا شعبيا في بلدة كفرنبل اليوم.",
            date(2024, 3, 10))
    assert e.fatalities == 3


def test_no_dead_told_is_no_toll():
    e = one("اندلعت اشتباكات عنيفة بين الفصائل وقوات النظام في مدينة إدلب اليوم، ولم تذكر "
            "المصادر أي قتلى في صفوف الطرفين.", date(2015, 3, 28))
    assert e.fatalities == 0


def test_a_capital_named_by_its_nationality_alone_is_that_city():
    e = one("قتل 20 شخصا وأصيب 15 آخرون اليوم السبت جراء انفجار شاحنة ملغومة في طريق مزدحم "
            "وسط العاصمة الصومالية.", date(2017, 10, 14))
    assert (e.country, e.admin1, e.geo_precision, e.fatalities) == ("Somalia", "Banadir", 1, 20)
    assert e.location_ar == "العاصمة الصومالية"  # as written
    # with the name after it, the name is read, once
    e = one("انفجرت شاحنة ملغومة اليوم في العاصمة الصومالية مقديشو.", date(2017, 10, 14))
    assert e.location_ar == "مقديشو"


def test_a_figure_glued_to_its_outcome_word_is_read():
    e = one("انفجرت شاحنة ملغومة وسط مدينة الباب أمس مما أسفر عن مقتل25 على الأقل و40 جريحا.",
            date(2024, 3, 10))
    assert (e.fatalities, e.wounded) == (25, 40)


def test_an_anaphor_with_nothing_before_it_names_the_place_told_next():
    # the text begins mid-report: "the town" is the one the next sentence names
    e = one("وقالت مصادر محلية إن السيطرة على البلدة جاءت بعد اشتباكات عنيفة دمرت خلالها "
            "فصائل الجبهة الوطنية للتحرير آلية، إضافة إلى مقتل 4 عناصر من قوات النظام.\n"
            "وتعتبر بلدة الهبيط مهمة لقوات النظام.", date(2024, 3, 10))
    assert (e.location_ar, e.fatalities) == ("الهبيط", 4)
    assert "place.cataphor" in e.rules
    # one report's actor is no side acted upon in the merged event
    assert e.actor1 != e.actor2


def test_a_noun_takes_no_later_subject_as_its_agent_and_a_source_no_part():
    # "انفجار" is a noun: the police named after it did not set off the bomb, and they
    # are only the source of the report
    e = one("تسبب انفجار عبوة ناسفة في مدينة الباب اليوم بمقتل شخصين بحسب ما أعلنته الشرطة "
            "العسكرية في المدينة.", date(2024, 3, 10))
    assert (e.actor1, e.actor2) == ("Unidentified Armed Group (Syria)", "Civilians (Syria)")


def test_others_killed_add_to_those_named():
    e = one("قتل العميد في الحرس الثوري مع معاونه في الغارة الإسرائيلية على حي المزة بدمشق "
            "اليوم، إلى جانب مقتل 4 آخرين.", date(2024, 4, 1))
    assert e.fatalities == 5  # the general (one officer) and four others
    # a part of the whole is no addition
    e = one("قتل 10 أشخاص بينهم 3 أطفال و7 آخرين في الغارة الإسرائيلية على حي المزة بدمشق "
            "اليوم.", date(2024, 4, 1))
    assert e.fatalities == 10


def test_a_place_taken_from_a_named_side_was_taken_by_the_side_the_article_is_about():
    e = one("تمت السيطرة اليوم على قرية الهبيط وطرد عناصر هيئة تحرير الشام منها، بحسب ما أفاد "
            "التلفزيون الرسمي.\nوكانت قوات النظام قد بدأت هجوما واسعا على ريف إدلب الجنوبي، "
            "وتقول قوات النظام إن الهجوم مستمر حتى السيطرة على خان شيخون.", date(2024, 3, 10))
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Government regains territory", "Military Forces of Syria (2000-2024)",
        "HTS: Hayat Tahrir al Sham")


def test_the_dawn_a_date_is_read_from_is_no_blast():
    # "منذ فجر الاثنين": since Monday's dawn; no bomb was told
    assert events_of("استشهد 5 فلسطينيين في عملية عسكرية إسرائيلية مستمرة منذ فجر الاثنين في "
                     "مدينة جنين.", date(2023, 7, 4)) == []
    # a time of day right before the date it opens
    assert events_of("فجر 10 أغسطس 2024، اصطف المصلون النازحون داخل مدرسة في حي الدرج وسط "
                     "مدينة غزة لأداء الصلاة.", date(2024, 8, 12)) == []
    # the verb still detonates
    e = one("فجر انتحاري نفسه اليوم وسط سوق مدينة منبج.", date(2024, 8, 10))
    assert e.sub_event_type == "Suicide bomb"


def test_a_mountain_or_a_town_that_only_says_where_a_place_is_is_no_incident_place():
    events = events_of("قصفت الطائرات الحربية الروسية اليوم أطراف بلدتي بينين وسرجة في جبل الزاوية "
                       "جنوب إدلب.", date(2023, 6, 25))
    assert sorted(e.location_ar for e in events) == ["بينين", "سرجة"]
    # "قرب مدينة أريحا" only says where the mountain is; "منطقة" here is no district
    e = one("طال القصف الروسي اليوم منطقة جبل الأربعين قرب مدينة أريحا جنوب إدلب.",
            date(2023, 6, 25))
    assert e.location_ar == "جبل الأربعين"


def test_a_term_that_names_no_place_is_no_place_after_an_area_word():
    events = events_of("استهدفت غارات روسية اليوم محيط مدينة أريحا، بالتزامن مع تحليق مكثف "
                       "للطائرات في أجواء منطقة خفض التصعيد الرابعة.", date(2023, 6, 25))
    assert [e.location_ar for e in events] == ["أريحا"]


def test_a_bare_governorate_name_folds_into_the_place_the_article_names_finer():
    # "في إدلب" may be the city or the governorate: with the village named, the village
    events = events_of("قتل 10 جنود أتراك اليوم في غارة جوية في إدلب.\nوقالت مصادر إن الغارة "
                       "استهدفت تجمعا عسكريا في بلدة بليون بجبل الزاوية.", date(2020, 2, 28))
    assert [(e.location_ar, e.fatalities) for e in events] == [("بليون", 10)]
    assert "geo.governorate_seat" not in events[0].rules  # (the village is no seat)
    # alone, it stays the city
    e = one("قتل 10 جنود أتراك اليوم في غارة جوية في إدلب.", date(2020, 2, 28))
    assert (e.location_ar, e.geo_precision) == ("إدلب", 1)
    assert "geo.governorate_seat" in e.rules


# ------------------------------------------- session 7: victims, wounded, bare plurals


def test_civilians_inferred_from_people_killed_yield_to_the_target_another_sentence_names():
    # "6 أشخاص" only says people died; the first sentence names whose building was hit
    events = events_of("قصفت طائرات حربية إسرائيلية اليوم مقرا للحرس الثوري الإيراني في "
                       "دمشق.\nوقالت وسائل إعلام إيرانية إن الهجوم الجوي الإسرائيلي استهدف "
                       "مبنى في حي المزة بدمشق، ما أسفر عن مقتل 6 أشخاص.", date(2024, 4, 1))
    assert [(e.location_ar, e.actor2, e.fatalities) for e in events] == [
        ("حي المزة", "Military Forces of Iran (1979-) Islamic Revolutionary Guard Corps", 6)]


@pytest.mark.parametrize(("text", "written"), [
    ("وقال ناشطون إن 15 مدنيا قضوا اليوم جراء غارة روسية على بلدة كفرنبل.", "مدنيا"),
    ("أدى القصف المدفعي على بلدة كفرنبل اليوم إلى مقتل 3 أطفال.", "أطفال"),
    # people, not civilians by name: the victims are inferred, with no Arabic of their own
    ("أدى القصف المدفعي على بلدة كفرنبل اليوم إلى مقتل 3 أشخاص.", None),
])
def test_civilians_named_only_as_the_victims_keep_their_arabic(text, written):
    e = one(text, date(2015, 3, 28))
    assert (e.actor2, e.actor2_ar) == ("Civilians (Syria)", written)


def test_a_killing_of_civilians_stays_apart_from_the_takeover_of_the_same_town():
    events = events_of("سيطرت فصائل المعارضة اليوم على مدينة إدلب.\nوقال ناشطون إن قوات "
                       "النظام أعدمت 15 مدنيا في مدينة إدلب قبل انسحابها منها.",
                       date(2015, 3, 28))
    assert sorted((e.sub_event_type, e.actor2, e.fatalities) for e in events) == [
        ("Attack", "Civilians (Syria)", 15),
        ("Non-state actor overtakes territory", "Military Forces of Syria (2000-2024)", 0)]


def test_civilians_killed_in_a_retold_killing_are_no_side_of_a_takeover():
    # "بإعدامهم" refers back: the killing joins the takeover's report, its victims do not
    events = events_of("سيطرت فصائل المعارضة اليوم على مدينة إدلب.\nوقال ناشطون إن 15 مدنيا "
                       "قام النظام بإعدامهم في مدينة إدلب قبل انسحابه منها.", date(2015, 3, 28))
    assert [(e.sub_event_type, e.actor2) for e in events] == [
        ("Non-state actor overtakes territory", "Military Forces of Syria (2000-2024)")]


@pytest.mark.parametrize(("text", "fatalities", "wounded"), [
    # a bare plural of the wounded is "several", like one of the dead
    ("سقط قتلى وجرحى اليوم إثر تفجير سيارة مفخخة في سوق مدينة الباب.", 3, 3),
    ("قتل شخصان وسقط جرحى اليوم جراء انفجار عبوة ناسفة في مدينة الباب.", 2, 3),
    # "آخرون" without a figure is no count at all (and no single person)
    ("قتل مدنيان وجرح آخرون اليوم في غارة روسية على مدينة أريحا.", 2, None),
    # "وأصيب آخر": one more
    ("قتل مدنيان وأصيب آخر اليوم في غارة روسية على مدينة أريحا.", 2, 1),
    # "مقتل وإصابة عدد من": several of each; "إصابة" right after "مقتل" is no victim
    ("قصفت قوات النظام اليوم بلدة إبلين، ما أدى إلى مقتل وإصابة عدد من المدنيين.", 3, 3),
    # a figure for both is coded as the dead
    ("قصفت قوات النظام اليوم بلدة إبلين، ما أدى إلى مقتل وإصابة 20 مدنيا.", 20, None),
    # "بين قتيل وجريح" says what the figure counts: casualties, no one wounded alone
    ("قصفت الطائرات الروسية اليوم سوقا في مدينة أريحا موقعة 40 مدنيا بين قتيل وجريح.",
     0, None),
])
def test_killed_and_wounded_without_a_figure(text, fatalities, wounded):
    e = one(text, date(2021, 6, 10))
    assert (e.fatalities, e.wounded) == (fatalities, wounded)


def test_a_figure_for_the_wounded_replaces_their_bare_plural_in_the_merge():
    events = events_of("سقط قتلى وجرحى اليوم إثر تفجير سيارة مفخخة في مدينة الباب.\nوقالت "
                       "مصادر طبية إن التفجير في مدينة الباب أسفر عن مقتل 5 أشخاص وإصابة 17 "
                       "آخرين.", date(2021, 6, 10))
    assert [(e.fatalities, e.wounded) for e in events] == [(5, 17)]


def test_a_retelling_that_places_the_incident_finer_gives_its_place():
    # "الغارة" refers back to the strike "في دمشق" and names the quarter it hit
    events = events_of("قصفت طائرات حربية إسرائيلية اليوم مقرا للحرس الثوري الإيراني في "
                       "دمشق.\nوأسفرت الغارة الإسرائيلية على المقر في حي المزة بدمشق عن مقتل 6 "
                       "أشخاص.", date(2024, 4, 1))
    assert [(e.location_ar, e.fatalities) for e in events] == [("حي المزة", 6)]
    assert "geo.governorate_seat" not in events[0].rules
    # told finer first, the coarser retelling leaves the place as it is
    events = events_of("قصفت طائرات حربية إسرائيلية اليوم مقرا للحرس الثوري الإيراني في "
                       "حي المزة بدمشق.\nوأسفرت الغارة الإسرائيلية على المقر في دمشق عن "
                       "مقتل 6 أشخاص.", date(2024, 4, 1))
    assert [(e.location_ar, e.fatalities) for e in events] == [("حي المزة", 6)]


@pytest.mark.parametrize(("text", "taker", "taken", "captured"), [
    ("قال المرصد السوري إن أكثر من 400 من مسلحي تنظيم الدولة سلموا أنفسهم إلى هيئة تحرير "
     "الشام اليوم في بلدة الخوين بريف إدلب.",
     "HTS: Hayat Tahrir al Sham", "Islamic State (Syria)", 400),
    ("استسلم 20 عنصرا من قوات النظام لفصائل المعارضة اليوم في بلدة كفرنبل.",
     "Opposition Rebels (Syria)", "Military Forces of Syria (2000-2024)", 20),
])
def test_fighters_who_surrender_are_taken_by_the_side_they_surrender_to(
        text, taker, taken, captured):
    e = one(text, date(2018, 2, 14))
    assert (e.sub_event_type, e.actor1, e.actor2, e.captured) == (
        "Armed clash", taker, taken, captured)


def test_a_surrender_told_as_done_counts_the_fighters_taken_not_the_dead():
    e = one("قتل ثلاثة عناصر من تنظيم الدولة واستسلم آخران اليوم بعد مواجهات مع هيئة تحرير "
            "الشام في قرية أم الخلاخيل جنوب إدلب.", date(2018, 2, 12))
    assert (e.sub_event_type, e.fatalities, e.captured) == ("Armed clash", 3, 2)
    assert {e.actor1, e.actor2} == {"Islamic State (Syria)", "HTS: Hayat Tahrir al Sham"}


@pytest.mark.parametrize("text", [
    "رفضت الفصائل اليوم الاستسلام لقوات النظام في مدينة دوما.",  # refused
    "وقعت الفصائل اليوم اتفاق الاستسلام في مدينة دوما.",  # a deal's name, no one taken
    "قال قائد الفصيل إن مقاتليه لن يستسلموا في مدينة دوما.",
])
def test_a_surrender_refused_or_only_named_takes_no_one(text):
    assert all(e.captured is None for e in events_of(text, date(2018, 3, 25)))
    assert all(e.sub_event_type != "Armed clash" for e in events_of(text, date(2018, 3, 25)))


def test_fighting_told_after_a_dated_report_keeps_the_day_it_was_told_for():
    # the centre reported on Wednesday; the fighting it followed was told for Monday
    events = events_of("اندلعت اشتباكات عنيفة بين قوة الردع واللواء 444 في مدينة طرابلس يوم "
                       "الاثنين.\n\nوأعلن مركز طب الطوارئ الأربعاء أعداد القتلى، بعدما تركزت "
                       "الاشتباكات في حي عين زارة جنوب طرابلس.", date(2023, 8, 17))
    assert {(e.location_ar, e.event_date) for e in events} >= {("عين زارة", "2023-08-14")}
    assert all(e.event_date == "2023-08-14" for e in events)
    # alone, the report's day is the latest the fighting can be
    e = one("وأعلن مركز طب الطوارئ الأربعاء أعداد القتلى، بعدما تركزت الاشتباكات في حي "
            "عين زارة جنوب طرابلس.", date(2023, 8, 17))
    assert e.event_date == "2023-08-16"
    # a report dated outright keeps its day ("قال … الأحد إن …")
    e = one("قال المرصد السوري الأحد إن طائرات روسية قصفت بلدة كفرنبل.", date(2021, 6, 15))
    assert e.event_date == "2021-06-13"


def test_an_undated_report_after_a_dated_one_of_the_last_day_is_of_that_day():
    events = events_of("صعّد جيش الاحتلال من قصفه على قطاع غزة أمس، وشن غارات على مدينة رفح."
                       "\n\nفقد أغار الاحتلال على مدرسة تؤوي نازحين في مخيم جباليا شمال القطاع.",
                       date(2024, 9, 27))
    assert {(e.location_ar, e.event_date) for e in events} >= {("مخيم جباليا", "2024-09-26")}
    # a recalled figure ("وكانت الحصيلة الأولية أشارت") still needs a day of its own
    e = one("قتل 10 أشخاص اليوم في تفجير انتحاري وسط مدينة منبج.\n\nوكانت الحصيلة الأولية "
            "أشارت إلى مقتل سبعة أشخاص في التفجير الانتحاري.", date(2019, 1, 16))
    assert e.fatalities == 10


@pytest.mark.parametrize(("text", "places"), [
    # a name the gazetteer lacks, in brackets after its type word
    ("قصفت قوات النظام اليوم أحد المقرات في بلدة (كفرعويد) في جبل الزاوية جنوب إدلب.",
     ["كفرعويد"]),
    # a bracketed list after a dual type word
    ("استعادت قوات البيشمركة اليوم السيطرة على ناحيتي ( زمار وتل الريم ) شمال الموصل.",
     ["زمار", "تل الريم"]),
])
def test_names_in_brackets_after_a_place_type_are_places(text, places):
    assert sorted(e.location_ar for e in events_of(text, date(2021, 6, 10))) == sorted(places)


def test_a_road_between_two_places_in_brackets_is_no_place_named():
    events = events_of("سيطرت فصائل المعارضة اليوم على طريق (إدلب - المسطومة) جنوب إدلب.",
                       date(2015, 3, 28))
    assert all(e.location_ar != "إدلب" or e.geo_precision != 1 for e in events)


def test_a_sentence_with_no_place_continues_a_report_placed_at_its_governorate():
    events = events_of("شنت قوات سوريا الديمقراطية اليوم حملة دهم في ريف دير الزور.\nوأسفرت "
                       "الحملة عن اعتقال 8 عناصر من تنظيم داعش.", date(2021, 2, 11))
    assert [(e.sub_event_type, e.location_ar, e.captured) for e in events] == [
        ("Arrests", "دير الزور", 8)]


def test_the_time_since_an_incident_dates_that_incident_only():
    events = events_of("لم تمض 24 ساعة على عدوان إسرائيلي استهدف محيط دمشق أصاب مدنيين "
                       "اثنين، حتى تلاه اعتداء آخر ظهر هذا اليوم استهدف مبنى على أوتوستراد "
                       "المزة.", date(2024, 4, 1))
    assert sorted((e.location_ar, e.event_date) for e in events) == [
        ("أوتوستراد المزة", "2024-04-01"), ("دمشق", "2024-03-31")]
    # the report around it keeps its own day
    e = one("بعد مرور 24 ساعة على الهجوم، شنت الطائرات الإسرائيلية غارات جديدة على حي المزة "
            "في دمشق.", date(2024, 4, 1))
    assert e.event_date == "2024-04-01"


def test_the_side_in_whose_ranks_fighters_died_is_not_the_one_that_took_the_place():
    # "في صفوف داعش": the dead's side; the places taken next are taken by the side that
    # took the first one
    events = events_of("استعادت قوات البيشمركة اليوم السيطرة على بلدة سنجار من تنظيم داعش.\n"
                       "وقال مسؤول إن 86 مسلحا في صفوف داعش لقوا حتفهم خلال المعارك التي أدت "
                       "إلى استعادة السيطرة على بلدة زمار.", date(2014, 12, 18))
    assert {(e.location_ar, e.sub_event_type, e.actor1) for e in events} == {
        ("سنجار", "Government regains territory", "Peshmerga (Kurdistan Regional Government)"),
        ("زمار", "Government regains territory", "Peshmerga (Kurdistan Regional Government)")}


def test_armed_men_taken_as_a_group_are_captured_in_a_fight_one_officer_is_abducted():
    e = one("أقدم مسلحون مجهولون اليوم على اقتحام مخفر بلدة المزيريب واختطفوا تسعة عناصر من "
            "الحراسات.", date(2020, 5, 3))
    assert (e.event_type, e.sub_event_type, e.captured) == ("Battles", "Armed clash", 9)
    e = one("اختطف مسلحون مجهولون اليوم العقيد محمود الأحمد قرب مطار معيتيقة في طرابلس.",
            date(2023, 8, 14))
    assert e.sub_event_type == "Abduction/forced disappearance"


def test_a_brigade_s_number_is_no_count_even_misspelt():
    events = events_of("اندلعت المواجهات اليوم عقب قيام قوات الردع باختطاف العقيد محمود حمزة "
                       "آمر اللوا 444 من مطار معيتيقة في طرابلس.", date(2023, 8, 14))
    assert events and all(e.captured in (None, 1) for e in events)  # (not 444)


def test_a_strike_told_at_a_town_and_at_the_camp_named_after_it_is_the_camp_s():
    events = events_of("شنت طائرات إسرائيلية اليوم غارات على مدينة جنين.\nوقالت مصادر محلية إن "
                       "الطائرات الإسرائيلية شنت غارات على مخيم جنين.", date(2023, 7, 3))
    assert [e.location_ar for e in events] == ["مخيم جنين"]
    # another kind of incident at the town stays its own
    events = events_of("شنت طائرات إسرائيلية اليوم غارات على مخيم جنين.\nوقالت مصادر إن مسلحين "
                       "فجروا عبوة ناسفة بآلية إسرائيلية في مدينة جنين.", date(2023, 7, 3))
    assert sorted(e.sub_event_type for e in events) == [
        "Air/drone strike", "Remote explosive/landmine/IED"]


def test_a_district_the_gazetteer_lacks_is_placed_at_its_seat_wherever_the_article_began():
    events = events_of("شنت طائرات التحالف اليوم غارات على مديرية رازح في محافظة صعدة.\n"
                       "في المقابل، تصدت القوات الحكومية اليوم لهجوم شنه الحوثيون على مواقعها "
                       "في مديرية حيس.", date(2018, 8, 20))
    hays = next(e for e in events if e.location_ar == "حيس")
    assert (hays.admin1, hays.geo_precision) == ("Al Hudaydah", 2)


# ------------------------------------------- session 8: the writer's day, allies, owners

def test_the_lead_names_the_writers_day_and_the_rest_counts_from_it():
    # the page is dated Wednesday 14 Feb; the report was written on Monday 12 Feb
    events = events_of(
        "تجددت فجر اليوم الإثنين الاشتباكات بين فصائل المعارضة وتنظيم الدولة في ريف إدلب "
        "الجنوبي الشرقي.\n"
        "وقال مراسلنا إن فصائل المعارضة أسرت عشرة عناصر من التنظيم في قرية الخوين.\n"
        "وكانت طائرات حربية قد قصفت أمس قرية التمانعة جنوب إدلب.",
        date(2018, 2, 14))
    by_place = {e.location_ar: e for e in events}
    assert by_place["الخوين"].event_date == "2018-02-12"
    assert by_place["التمانعة"].event_date == "2018-02-11"


def test_a_page_whose_day_agrees_with_its_weekday_keeps_its_date():
    e = one("أسرت فصائل المعارضة اليوم الأربعاء عشرة عناصر من تنظيم الدولة في قرية الخوين "
            "بريف إدلب الجنوبي.", date(2018, 2, 14))
    assert e.event_date == "2018-02-14"


@pytest.mark.parametrize("ally", ["إلى جانب", "بجانب", "جنبا إلى جنب مع"])
def test_a_side_fighting_alongside_the_subject_is_not_the_agent(ally):
    e = one(f'هاجمت فصائل المعارضة {ally} "هيئة تحرير الشام" مواقع تنظيم الدولة في قرية '
            "الخوين بريف إدلب الجنوبي اليوم.")
    assert e.actor1 == "Opposition Rebels (Syria)"
    assert e.actor2 == "Islamic State (Syria)"
    e = one(f'وأفاد مراسلنا أن فصائل المعارضة {ally} "هيئة تحرير الشام" هاجمت مواقع تنظيم '
            "الدولة في قرية الخوين بريف إدلب الجنوبي اليوم.")
    assert e.actor1 == "Opposition Rebels (Syria)"


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # what the side owns was hit: the owner is the target
    ("قصفت قوات النظام بالمدفعية مواقع تابعة لهيئة تحرير الشام في بلدة كفرنبل بريف إدلب "
     "الجنوبي اليوم.", "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham"),
    ("استهدفت هيئة تحرير الشام بالصواريخ تجمعات تابعة لقوات النظام في بلدة كفرنبودة بريف "
     "حماة الشمالي اليوم.", "HTS: Hayat Tahrir al Sham", "Military Forces of Syria (2000-2024)"),
    # what the side owns did it
    ("قصفت طائرات حربية تابعة للنظام مواقع هيئة تحرير الشام في بلدة كفرنبل بريف إدلب "
     "الجنوبي اليوم.", "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham"),
    ('استهدفت خلايا تابعة لـ "تنظيم الدولة" بعبوة ناسفة حاجزا لقوات سوريا الديمقراطية في '
     "بلدة الشحيل بريف دير الزور الشرقي اليوم.", "Islamic State (Syria)",
     "QSD: Syrian Democratic Forces"),
])
def test_an_owner_word_marks_the_agent_or_the_target_by_what_is_owned(text, actor1, actor2):
    e = one(text)
    assert (e.actor1, e.actor2) == (actor1, actor2)


def test_the_dead_fighters_group_in_quotation_marks_is_the_side_hit():
    e = one('استهدفت قوات النظام سيارة بصاروخ موجه في بلدة إبلين بجبل الزاوية اليوم، ما أدى '
            'إلى مقتل ثلاثة من مقاتلي "هيئة تحرير الشام".')
    assert (e.actor1, e.actor2, e.fatalities) == (
        "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham", 3)


@pytest.mark.parametrize("died", ["قتلوا في", "قضوا جراء", "لقوا حتفهم في"])
def test_who_died_in_an_attack_named_before_the_death_word_is_the_side_hit(died):
    e = one(f"أكدت مصادر محلية أن ثلاثة من قادة هيئة تحرير الشام {died} قصف مدفعي لقوات "
            "النظام استهدف سيارتهم في بلدة كفرنبل بريف إدلب الجنوبي اليوم.")
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-2024)",
                                    "HTS: Hayat Tahrir al Sham")


def test_the_side_that_killed_before_an_attack_noun_is_still_the_agent():
    e = one("قتلت قوات النظام ثلاثة من عناصر هيئة تحرير الشام في قصف مدفعي على بلدة كفرنبل "
            "بريف إدلب الجنوبي اليوم.")
    assert (e.actor1, e.actor2) == ("Military Forces of Syria (2000-2024)",
                                    "HTS: Hayat Tahrir al Sham")


def test_other_dead_at_another_town_of_the_shelled_area_are_another_strike():
    events = events_of(
        "قتل قياديان في هيئة تحرير الشام بقصف مدفعي من قوات النظام استهدف سيارتهما في جبل "
        "الزاوية بريف إدلب الجنوبي اليوم.\n"
        "وتركز القصف على بلدة كنصفرة التي شهدت مقتل خمسة مدنيين بينهم طفلان.")
    by_place = {e.location_ar: e for e in events}
    assert set(by_place) == {"جبل الزاوية", "كنصفرة"}, by_place
    assert (by_place["كنصفرة"].actor2, by_place["كنصفرة"].fatalities) == (
        "Civilians (Syria)", 5)
    assert by_place["جبل الزاوية"].actor2 == "HTS: Hayat Tahrir al Sham"


def test_the_shelling_retold_with_its_dead_at_the_same_town_stays_one_event():
    e = one("قصفت قوات النظام بالمدفعية بلدة كنصفرة في جبل الزاوية بريف إدلب الجنوبي اليوم.\n"
            "وأسفر القصف عن مقتل خمسة مدنيين بينهم طفلان.")
    assert (e.location_ar, e.fatalities, e.actor2) == ("كنصفرة", 5, "Civilians (Syria)")


def test_fighters_taken_in_a_fight_are_captured_in_a_clash_not_arrested():
    e = one("وأفادت مصادر محلية بأن عشرة من عناصر تنظيم الدولة احتجزوا أمس بأيدي فصائل "
            "المعارضة إثر اشتباكات في محيط بلدة التمانعة بريف إدلب الجنوبي.")
    assert (e.event_type, e.sub_event_type) == ("Battles", "Armed clash")
    assert e.captured == 10
    assert {e.actor1, e.actor2} == {"Opposition Rebels (Syria)", "Islamic State (Syria)"}


def test_a_raid_without_fighting_stays_an_arrest():
    e = one("اعتقلت قوات سوريا الديمقراطية أمس خمسة عناصر من تنظيم الدولة خلال حملة دهم في "
            "بلدة الشحيل بريف دير الزور الشرقي.")
    assert (e.sub_event_type, e.captured) == ("Arrests", 5)


def test_a_later_retelling_dates_an_incident_the_lead_gave_no_date():
    e = one("قتل قيادي في هيئة تحرير الشام خلال ضربة صاروخية شنتها قوات النظام على بلدة "
            "كنصفرة بجبل الزاوية جنوب إدلب.\n"
            "وجاءت ضربات قوات النظام صباح أمس خلال وجود مكثف لعناصر الهيئة في المنطقة.",
            date(2021, 6, 11))
    assert (e.event_date, e.time_precision) == ("2021-06-10", 1)
    assert "date.published" not in e.rules


def test_an_incident_no_sentence_dates_is_coded_to_the_publication_day():
    e = one("قتل قيادي في هيئة تحرير الشام خلال ضربة صاروخية شنتها قوات النظام على بلدة "
            "كنصفرة بجبل الزاوية جنوب إدلب.", date(2021, 6, 11))
    assert (e.event_date, e.date_window) == ("2021-06-11", ["2021-06-10", "2021-06-11"])
    assert "date.published" in e.rules


@pytest.mark.parametrize("lead", [
    "قتل المتحدث الرسمي باسم هيئة تحرير الشام خلال",
    "مقتل قياديين اثنين في هيئة تحرير الشام في",
])
def test_the_dead_named_between_the_death_word_and_the_attack_are_the_side_hit(lead):
    e = one(f"{lead} ضربة صاروخية شنها الجيش السوري على بلدة كنصفرة بجبل الزاوية جنوب "
            "إدلب اليوم.")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Shelling/artillery/missile attack", "Military Forces of Syria (2000-2024)",
        "HTS: Hayat Tahrir al Sham")


def test_a_building_in_a_quarter_is_one_place_of_the_article_country():
    events = events_of(
        "شهداء وجرحى جراء قصف الاحتلال الإسرائيلي لمدرسة تؤوي نازحين في مدينة غزة فجر اليوم "
        "السبت.\n"
        'وأفاد مراسلنا في غزة أن الاحتلال استهدف مدرسة "الفاروق" في حي الدرج بعد صلاة '
        "الفجر، ما أدى إلى مقتل خمسة نازحين.", date(2024, 8, 10))
    school = [e for e in events if e.fatalities == 5]
    assert [(e.location_ar, e.country) for e in school] == [("مدرسة الفاروق", "Palestine")]
    assert all(e.location_ar != "درج" for e in events)


def test_a_denial_reaches_its_trigger_through_any():
    events = events_of("دخلت قوات المعارضة بلدة كفرنبل بريف إدلب الجنوبي اليوم بعد انسحاب قوات "
                       "النظام منها دون قتال، ولم تشهد البلدة أي اشتباكات خلال عملية الدخول.")
    assert [e.sub_event_type for e in events] == ["Non-violent transfer of territory"]


def test_a_town_taken_and_handed_over_without_fighting_is_one_transfer():
    events = events_of(
        "استعادت قوات النظام السيطرة على بلدة كفرنبل بريف إدلب الجنوبي اليوم، وذلك بعد "
        "انسحاب فصائل المعارضة من البلدة دون مواجهة.\n"
        "سيطرة قوات النظام على كفرنبل قد تؤثر على مجريات المعارك في المنطقة.")
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("Non-violent transfer of territory", "Military Forces of Syria (2000-2024)",
         "Opposition Rebels (Syria)")]


def test_a_lead_with_no_place_adds_its_toll_to_the_incident_the_next_sentence_places():
    events = events_of(
        "قتل قياديان اثنان في هيئة تحرير الشام اليوم في قصف مدفعي لقوات النظام استهدف "
        "سيارتهما.\n"
        "وقالت مصادر محلية إن القصف المدفعي أصاب سيارة القياديين في قرية كنصفرة بجبل الزاوية.")
    assert [(e.location_ar, e.fatalities, e.actor1, e.actor2) for e in events] == [
        ("كنصفرة", 2, "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham")]


# ------------------------------------------------ session 9: tolls and their places


def test_a_plural_verb_counts_the_people_told_before_it_past_what_is_said_of_them():
    e = one("وقال مسؤول محلي إن 12 مقاتلا في صفوف قوات النظام لقوا حتفهم اليوم خلال "
            "اشتباكات مع فصائل المعارضة في بلدة كفرنبل.")
    assert e.fatalities == 12
    e = one("قال الدفاع المدني إن 7 مدنيين حسب حصيلة أولية قضوا اليوم بغارات روسية على "
            "مدينة سراقب.")
    assert e.fatalities == 7
    # a singular word after the figure is no verb agreeing with it
    e = one("قصفت قوات النظام مدينة سراقب اليوم بـ 12 قذيفة صاروخية أدى أحدها إلى مقتل "
            "شخص.")
    assert e.fatalities == 1


def test_a_toll_and_its_wounded_then_another_victim_in_a_named_city_go_to_each_place():
    events = events_of(
        "وأكدت وزارة الصحة مقتل خمسة أشخاص وإصابة 20 في مدينة أريحا فيما قتل رجل آخر في "
        "مدينة سراقب بعد إصابته برصاصة في الرأس اليوم.")
    assert {e.location_ar: e.fatalities for e in events} == {"أريحا": 5, "سراقب": 1}


def test_unnamed_villages_that_belong_to_named_units_are_at_those_units():
    events = events_of(
        "تقدمت قوات النظام اليوم ضمن عملية واسعة للسيطرة على مدينة معرة النعمان.\n"
        "وقتل 40 مسلحا من تنظيم داعش اليوم خلال المعارك التي أدت إلى استعادة السيطرة على "
        "القرى الثماني التابعة لناحيتي كفرنبل وسراقب.")
    tolls = sorted((e.location_ar, e.fatalities) for e in events if e.fatalities)
    assert tolls == [("سراقب", 20), ("كفرنبل", 20)]


def test_a_toll_that_came_to_a_definite_number():
    e = one("قصفت قوات النظام بلدة كفرنبل اليوم، وأكد ناشطون أن عدد القتلى في القصف تجاوز "
            "العشرة.")
    assert e.fatalities == 10


def test_an_incident_named_as_the_topic_of_a_case_is_recalled_not_reported():
    events = events_of("قتل شخصان اليوم جراء إطلاق رصاص أثناء تظاهرة في بيروت ضد المحقق العدلي "
                       "في قضية انفجار مرفأ بيروت.", date(2021, 10, 14))
    assert "Remote explosive/landmine/IED" not in {e.sub_event_type for e in events}
    events = events_of("وطالب المحتجون بتسريع التحقيق في انفجار سيارة مفخخة في مدينة عفرين.")
    assert events == []
    # the same incident word reported, not named as a case, is an event
    (e,) = events_of("قتل شخصان اليوم جراء انفجار سيارة مفخخة في مدينة عفرين.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_a_place_named_again_in_its_sentence_shares_no_toll_with_itself():
    (e,) = events_of("قصفت قوات النظام اليوم منزلا في بلدة كفرنبل، ما أدى إلى مقتل 4 مدنيين "
                     "وإصابة 6 آخرين، بالتزامن مع وجود عناصر من الفصائل في البلدة.")
    assert (e.location_ar, e.fatalities, e.wounded) == ("كفرنبل", 4, 6)


def test_an_outcome_with_his_or_her_pronoun_after_a_result_verb_is_one_victim():
    e = one("تعرض أحد وجهاء بلدة كفرنبل اليوم لمحاولة اغتيال على يد مجهولين، ما أسفر عن "
            "إصابته في الكتف.")
    assert (e.fatalities, e.wounded) == (0, 1)
    e = one("استهدفت غارة روسية سيارة مدنية في مدينة سراقب اليوم، ما أدى إلى مقتلها على الفور.")
    assert e.fatalities == 1
    # wounded before dying is no wounded of the incident's own
    e = one("قتل رجل في مدينة سراقب اليوم بعد إصابته برصاصة في الرأس.")
    assert (e.fatalities, e.wounded) == (1, None)


def test_ending_an_armed_groups_presence_in_a_town_takes_it():
    e = one("أعلنت فصائل المعارضة اليوم تمكن مقاتليها من إنهاء تواجد تنظيم داعش في بلدة "
            "التمانعة بريف إدلب الجنوبي.")
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Non-state actor overtakes territory", "Opposition Rebels (Syria)",
        "Islamic State (Syria)")


def test_two_outcome_nouns_joined_share_a_vague_figure_but_not_an_exact_one():
    e = one("اندلعت اشتباكات عنيفة بين فصائل المعارضة وتنظيم داعش في بلدة التمانعة اليوم، "
            "أسفرت عن أسر وقتل العشرات من عناصر التنظيم.")
    assert (e.fatalities, e.captured) == (12, 12)
    e = one("اندلعت اشتباكات عنيفة بين فصائل المعارضة وتنظيم داعش في بلدة التمانعة اليوم، "
            "أسفرت عن أسر وقتل 20 من عناصر التنظيم.")
    assert (e.fatalities, e.captured) == (20, None)


def test_an_attack_by_unknown_gunmen_and_by_a_named_group_at_one_place_is_one_attack():
    events = events_of(
        "قال مسؤول في قسد إن سيارة ملغمة استهدفت مبنى سجن الصناعة بمدينة الحسكة مساء اليوم، "
        "تبعه اشتباكات عنيفة في محيطه.\n"
        "وقالت قسد في بيان إن قواتها تتعامل مع محاولة فرار نفذها عناصر التنظيم المعتقلين في "
        "سجن الصناعة بالحسكة، بالتزامن مع تفجير سيارة ملغمة من قبل خلايا التنظيم بالقرب من "
        "السجن.")
    assert [e.sub_event_type for e in events if e.event_type != "Battles"] == [
        "Remote explosive/landmine/IED"]


def test_a_prison_known_by_two_names_is_one_place():
    a = one("استهدفت سيارة مفخخة مبنى سجن الصناعة في مدينة الحسكة اليوم.", date(2022, 1, 20))
    b = one("استهدفت سيارة مفخخة سجن غويران بمدينة الحسكة اليوم.", date(2022, 1, 20))
    assert (a.latitude, a.longitude, a.admin1) == (b.latitude, b.longitude, b.admin1)
    assert a.location == b.location == "Ghwayran Prison"


def test_a_plural_countryside_makes_every_name_of_its_list_a_region():
    events = events_of(
        "وخلال اليومين الماضيين شهدت المناطق المحررة تصعيدا عسكريا على أرياف إدلب وحلب، "
        "واليوم ارتقى مدنيان اثنان بغارات روسية استهدفت قرية كنصفرة غرب إدلب.")
    assert [(e.location_ar, e.fatalities) for e in events] == [("كنصفرة", 2)]


def test_a_retold_toll_placed_in_the_governorate_joins_the_incident_placed_inside_it():
    events = events_of(
        "طالت مدفعية الجيش السوري قياديا بارزا في هيئة تحرير الشام.\n"
        "وأشارت المصادر إلى أن الاستهداف تم بشكل مباشر لأحد المقرات في بلدة كنصفرة بجبل "
        "الزاوية جنوب إدلب.\n"
        "وأسفر الاستهداف عن مقتل 5 مسلحين، بينهم القيادي الذي يعرف بنشاطه في ريفي إدلب "
        "واللاذقية.")
    assert [(e.location_ar, e.fatalities) for e in events] == [("كنصفرة", 5)]


def test_a_known_name_across_which_something_happens_is_a_place():
    # "في أنحاء طولكرم": the quarters of a town place what is heard across them
    e = one("دوت انفجارات وإطلاق نار في أنحاء طولكرم صباح اليوم خلال اقتحام قوات الاحتلال "
            "للمدينة.", date(2023, 9, 4))
    assert e.location_ar == "طولكرم"


def test_a_caption_names_its_town_after_a_credit_and_a_live_blog_mark():
    # "(AFP)" and "* تحديث مستمر" are no sentences between "the city" and its name
    events = events_of(
        "طائرات الاحتلال شنت غارات على المدينة فجر اليوم.\n(AFP)\n* تحديث مستمر\n"
        "أعلنت وزارة الصحة استشهاد شابين في مدينة طولكرم برصاص قوات الاحتلال.",
        date(2023, 9, 4))
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert [e.location_ar for e in strikes] == ["طولكرم"]
    assert "place.cataphor" in strikes[0].rules


def test_a_fight_whose_sides_a_sentence_names_beside_a_strike_is_its_own_event():
    # drones over the camp and the fight the brigade reports are two incidents
    events = events_of(
        "حلقت طائرات مسيرة فوق مخيم نور شمس اليوم، وقالت كتيبة طولكرم إنها "
        "تخوض اشتباكات مع القوات الإسرائيلية في المخيم وأسقطت طائرة مسيرة.", date(2023, 9, 4))
    clash = [e for e in events if e.sub_event_type == "Armed clash"]
    assert len(clash) == 1
    assert {clash[0].actor1, clash[0].actor2} >= {"Military Forces of Israel (1948-)"}
    # the drone the brigade downed is of its fight: the brigade struck nothing from the air
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 1
    assert strikes[0].actor1 != clash[0].actor1


def test_of_two_groups_of_men_after_the_verb_the_first_is_its_subject():
    e = one("أسرت مجموعة من مقاتلي الفصائل عددا من عناصر قوات النظام في مبنى الأمن العسكري "
            "في مدينة كفرنبل اليوم.", date(2019, 5, 20))
    assert (e.actor1, e.actor2) == ("Opposition Rebels (Syria)",
                                    "Military Forces of Syria (2000-2024)")


def test_an_auxiliary_verb_after_a_comma_opens_a_clause_of_its_own():
    # the factions that comb the town are not the side that lost it
    e = one("انسحبت قوات النظام من مواقعها في ريف حماة الشمالي تحت ضغط المعارك.\n"
            "وأعلنت هيئة تحرير الشام السيطرة الكاملة على بلدة كفرنبودة، وقامت الفصائل "
            "بتمشيط أحياء البلدة.", date(2019, 5, 20))
    assert e.sub_event_type == "Non-state actor overtakes territory"
    assert e.actor2 == "Military Forces of Syria (2000-2024)"


def test_a_retelling_joins_the_incident_that_shares_its_side_or_its_type():
    # "السيطرة" retells the fighting, not the killing told at the same town and day
    events = events_of(
        "أعدمت قوات النظام 6 مدنيين في مدينة كفرنبل اليوم قبل انسحابها.\n"
        "واندلعت اشتباكات بين قوات النظام وفصائل المعارضة في مدينة كفرنبل اليوم.\n"
        "وأعلنت حركة أحرار الشام السيطرة على المدينة.", date(2019, 5, 20))
    kinds = sorted(e.sub_event_type for e in events)
    assert kinds == ["Attack", "Non-state actor overtakes territory"]


def test_in_an_undated_text_last_weekday_may_be_the_day_the_text_dates():
    # the page gives no date; the text opens on the day of the shelling, a Sunday, and
    # the writer, some days later, calls it "last Sunday"
    e = one("صباح 12 آذار 2023، كان الأهالي في سوق بلدة سرمدا حين سقطت القذائف.\n"
            "وقالت مصادر محلية إن قصف قوات النظام على سوق بلدة سرمدا يوم الأحد الماضي "
            "أدى إلى مقتل 6 مدنيين.", None)
    assert (e.event_date, e.fatalities) == ("2023-03-12", 6)


def test_a_noun_told_with_its_day_beside_a_reprisal_elsewhere_reports_its_incident():
    # the shelling of Sarmin is told by nouns ("القصف الصاروخي الذي شنته … صباح اليوم");
    # the reprisal on Aleppo's countryside, another governorate, retells none of it
    events = events_of(
        "أدانت منظمة إنسانية القصف الصاروخي الذي شنته قوات النظام صباح اليوم على مدينة "
        "سرمين بريف إدلب.\n"
        "وأسفر القصف الصاروخي على سوق مدينة سرمين عن مقتل 9 مدنيين وإصابة 20 آخرين.\n"
        "وردت فصائل المعارضة بقصف مواقع قوات النظام في ريف حلب الغربي.", date(2021, 10, 20))
    by_place = {e.location_ar: e for e in events}
    assert set(by_place) == {"سرمين", "حلب"}
    assert (by_place["سرمين"].fatalities, by_place["سرمين"].wounded) == (9, 20)
    assert by_place["سرمين"].actor1 == "Military Forces of Syria (2000-2024)"
    assert not by_place["حلب"].fatalities


def test_a_relative_clause_dates_and_tells_the_noun_it_follows():
    # the agreement was reached yesterday; the entry told today carries it out
    events = events_of(
        "دخل وفد من الشرطة العسكرية الروسية إلى أحياء بلدة طفس صباح اليوم الأربعاء، لتنفيذ "
        "الاتفاق الذي تم التوصل إليه أمس بين اللجنة المركزية وقوات النظام في بلدة طفس.",
        date(2021, 9, 1))
    agreements = [e for e in events if e.sub_event_type == "Agreement"]
    assert [e.event_date for e in agreements] == ["2021-08-31"]
    assert "date.relative_clause" in agreements[0].rules


def test_the_subject_of_a_relative_clause_that_takes_the_noun_back_carried_it_out():
    e = one("أسفرت الهجمات الصاروخية التي شنتها قوات النظام صباح اليوم على سوق مدينة سرمين "
            "عن مقتل 7 مدنيين.", date(2021, 10, 20))
    assert (e.sub_event_type, e.actor1, e.actor2) == (
        "Shelling/artillery/missile attack", "Military Forces of Syria (2000-2024)",
        "Civilians (Syria)")
    assert "role.agent.relative" in e.rules


def test_a_dual_trigger_noun_and_a_clause_that_takes_the_two_back_name_the_agent():
    # الغارتان: the dual of a trigger noun; اللتان ... شنتهما: the nominative dual relative
    # and the dual object pronoun of its verb
    e = one("أسفرت الغارتان اللتان شنتهما طائرات حربية روسية صباح اليوم على بلدة كفرنبل "
            "عن مقتل 4 مدنيين.", date(2019, 6, 3))
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == (
        "Air/drone strike", "Military Forces of Russia (2000-)", "Civilians (Syria)", 4)
    assert "role.agent.relative" in e.rules


def test_two_roadside_bombs_told_as_a_dual_are_an_ied_attack():
    e = one("استهدفت عبوتان ناسفتان مساء أمس دورية لقوات النظام على طريق بلدة الصنمين "
            "بريف درعا الشمالي.", date(2019, 6, 3))
    assert (e.sub_event_type, e.event_date) == ("Remote explosive/landmine/IED", "2019-06-02")


def test_a_day_a_noun_s_own_clause_gives_does_not_date_the_next_sentence():
    # the entry of the police, told next with no day, is of the page's day
    events = events_of(
        "بدأت الفصائل في بلدة طفس تسليم سلاحها وفق الاتفاق الذي تم التوصل له مساء أمس.\n"
        "وقالت مصادر محلية إن عناصر الشرطة العسكرية دخلوا وثبتوا نقاطا داخل بلدة طفس "
        "ورفعوا العلم.", date(2021, 9, 1))
    entries = [e for e in events if e.sub_event_type == "Non-violent transfer of territory"]
    assert [e.event_date for e in entries] == ["2021-09-01"]


def test_after_a_region_a_word_joined_by_wa_is_a_new_clause_not_a_place():
    events = events_of("هز تفجير انتحاري أمس مدينة منبج شمال سوريا وأثار حالة من الذعر بين "
                       "السكان.", date(2019, 1, 17))
    assert [e.location_ar for e in events] == ["منبج"]


def test_the_subject_between_a_split_phrase_s_verb_and_its_object_fired():
    # "فتح ... النار": the police stand between the verb and its object, "عناصر من"
    # notwithstanding (members named after a verb are mostly its object)
    e = one("قتل شاب عندما فتح عناصر من الشرطة النار على سيارته في مدينة البصرة أمس.",
            date(2018, 9, 28))
    assert (e.sub_event_type, e.event_date, e.fatalities) == ("Attack", "2018-09-27", 1)
    assert e.actor1.startswith("Police Forces of Iraq")
    assert "role.agent.split_subject" in e.rules


def test_a_split_phrase_s_verb_alone_reports_nothing():
    # أطلق سراح: released, not fired
    assert events_of("أطلقت قوات الأمن سراح 5 معتقلين من أبناء مدينة درعا أمس.",
                     date(2019, 6, 3)) == []


def test_the_wounded_named_before_a_when_clause_did_not_fire():
    # حين opens a clause of its own: the protesters before it are no subject of أطلق
    e = one("وأصيب 3 متظاهرين بجروح الأربعاء الماضي حين أطلق مسلحون النار عليهم في "
            "مدينة السويداء.", date(2023, 9, 15))
    assert (e.sub_event_type, e.actor1, e.event_date, e.wounded) == (
        "Attack", "Unidentified Armed Group (Syria)", "2023-09-13", 3)


def test_a_side_of_one_country_picks_the_branch_of_a_group_at_an_unknown_place():
    # الباغوز is not in the built-in gazetteer: the SDF tell the branch of the IS is Syria's
    e = one("وسلم عشرات العناصر من تنظيم داعش أنفسهم لقوات سوريا الديمقراطية في بلدة "
            "الباغوز أمس.", date(2019, 3, 12))
    assert (e.actor1, e.actor2, e.captured) == (
        "QSD: Syrian Democratic Forces", "Islamic State (Syria)", 12)


def test_a_verb_whose_object_is_a_pronoun_takes_the_name_after_it_as_subject():
    # استهدفه فيها الجيش: the pronoun is the object, so the army after it is the subject,
    # not the group named before (whose spokesman died)
    e = one("قتل قيادي في هيئة تحرير الشام، خلال ضربة صاروخية استهدفه فيها الجيش السوري "
            "في بلدة كنصفرة بجبل الزاوية صباح اليوم.", date(2021, 6, 10))
    assert (e.actor1, e.actor2) == (
        "Military Forces of Syria (2000-2024)", "HTS: Hayat Tahrir al Sham")
    assert "role.agent.vso_pronoun" in e.rules


def test_a_trigger_noun_written_like_a_verb_with_a_pronoun_is_not_read_as_one():
    # normalized, لسيطرة is لسيطره: "controlled it" as much as "control"; the noun it
    # also is takes no subject after it
    events = events_of("وشنت مقاتلات التحالف غارات جوية على وزارتي الدفاع والداخلية "
                       "الخاضعتين لسيطرة الحوثي في صنعاء أمس.", date(2018, 5, 8))
    assert events
    assert not any("role.agent.vso_pronoun" in e.rules for e in events)


def test_a_date_right_after_a_trigger_noun_is_its_own_not_the_verb_s():
    # "اتفاق 15 آب" names an older agreement; the two sides agreed yesterday
    events = events_of("واجتمعت أمس الأحد اللجنة المركزية مع وفد روسي في مدينة طفس، وتوصل "
                       "الطرفان إلى العودة لتطبيق اتفاق 15 آب.", date(2021, 9, 6))
    assert [(e.sub_event_type, e.event_date) for e in events] == [("Agreement", "2021-09-05")]


def test_a_name_that_ends_saying_where_its_bearer_is_places_the_report():
    # المجلس العسكري في منبج: the name keeps its place; the cell "تابعة ل" the IS is its men
    e = one("أعلن المجلس العسكري في منبج صباح اليوم اعتقال خلية تابعة لتنظيم داعش.",
            date(2019, 6, 3))
    assert (e.sub_event_type, e.location_ar, e.actor1, e.actor2) == (
        "Arrests", "منبج", "Manbij Military Council", "Islamic State (Syria)")


@pytest.mark.parametrize(("text", "published", "admin1"), [
    # a gazetteer name that begins with its type word (حي الشجاعية) is a quarter
    ("قصفت طائرات الاحتلال منزلا في حي الشجاعية في غزة صباح اليوم، ما أدى إلى مقتل 3 "
     "مدنيين.", date(2023, 10, 20), "Gaza Strip"),
    # a quarter no gazetteer knows lies in the city named after it, not in Iran's Mashhad
    ("قصفت طائرات النظام حي المشهد في حلب صباح اليوم، ما أدى إلى مقتل 3 مدنيين.",
     date(2016, 8, 20), "Aleppo"),
])
def test_a_quarter_in_a_city_named_without_a_type_word_is_one_place(text, published, admin1):
    e = one(text, published)  # one event: the three dead are not counted twice
    assert (e.fatalities, e.admin1) == (3, admin1)


def test_an_agreement_carried_out_was_reached_before_and_is_not_told_as_new():
    # "تنفيذ بنود اتفاق": the agreement is older than the day its terms are carried out
    assert events_of("بدأ صباح اليوم في بلدة طفس تنفيذ بنود اتفاق التسوية الذي توصلت إليه "
                     "اللجنة المركزية مع الجانب الروسي.", date(2021, 9, 6)) == []
    e = one("وقالت مصادر محلية إن اللجنة المركزية توصلت صباح اليوم إلى اتفاق تسوية مع "
            "الجانب الروسي في بلدة طفس.", date(2021, 9, 6))
    assert (e.sub_event_type, e.event_date) == ("Agreement", "2021-09-06")
