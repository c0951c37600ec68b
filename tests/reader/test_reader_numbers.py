"""Numbers in both locales: separators, currencies, suffixes, percentages, words."""

import pytest

from assistant.reader.numbers import extract_numbers, parse_number


@pytest.mark.parametrize(("text", "lang", "value", "unit", "currency"), [
    ("1 200 €", "fr", 1200, "currency", "EUR"),
    ("1\u202f200 €", "fr", 1200, "currency", "EUR"),
    ("1.200,50 €", "fr", 1200.5, "currency", "EUR"),
    ("$1,200.50", "en", 1200.5, "currency", "USD"),
    ("£30", "en", 30, "currency", "GBP"),
    ("15k", "en", 15000, None, None),
    ("2.5k€", "fr", 2500, "currency", "EUR"),
    ("1,5 M€", "fr", 1_500_000, "currency", "EUR"),
    ("1.5M", "en", 1_500_000, None, None),
    ("2,1 %", "fr", 2.1, "%", None),
    ("3.5%", "en", 3.5, "%", None),
    ("-10%", "en", -10, "%", None),
    ("quinze clients", "fr", 15, None, None),
    ("fifteen customers", "en", 15, None, None),
    ("mille cinq cents euros", "fr", 1500, "currency", "EUR"),
    ("vingt pour cent", "fr", 20, "%", None),
    ("twenty percent", "en", 20, "%", None),
    ("a 3:1 ratio", "en", 3, "ratio", None),
    ("45 days", "en", 45, "days", None),
    ("12 mois", "fr", 12, "months", None),
    ("200 euros", "fr", 200, "currency", "EUR"),
    ("50 USD", "en", 50, "currency", "USD"),
    # currencies said in words or with another country's code keep their currency (not the euro by default)
    ("900 dollars", "en", 900, "currency", "USD"),
    ("3 600 CHF", "fr", 3600, "currency", "CHF"),
    ("CHF 900", "en", 900, "currency", "CHF"),
    ("1.2k CHF", "en", 1200, "currency", "CHF"),
    ("900 francs suisses", "fr", 900, "currency", "CHF"),
    ("C$900", "en", 900, "currency", "CAD"),
    ("900 $ CAN", "fr", 900, "currency", "CAD"),
    ("4 500 CAD", "fr", 4500, "currency", "CAD"),
    ("50 quid", "en", 50, "currency", "GBP"),
    ("900 pounds", "en", 900, "currency", "GBP"),
    ("AUD 40", "en", 40, "currency", "AUD"),
    ("300e sur bing", "fr", 300, None, None),
])
def test_one_number_is_read_with_its_unit(text, lang, value, unit, currency):
    nums, _ = extract_numbers(text, lang)
    assert len(nums) == 1, nums
    assert nums[0].value == pytest.approx(value)
    assert nums[0].unit == unit
    assert nums[0].currency == currency


@pytest.mark.parametrize(("raw", "value"), [
    ("1 200", 1200), ("1 200,50", 1200.5), ("1.200,50", 1200.5), ("1,200.50", 1200.5), ("1,200", 1200),
    ("1.200", 1200), ("2,1", 2.1), ("3.5", 3.5), ("0,125", 0.125), ("0.125", 0.125), ("1.000.000", 1_000_000),
])
def test_separators_are_read_in_either_locale(raw, value):
    assert parse_number(raw) == pytest.approx(value)


def test_a_sentence_gives_every_figure_in_order():
    nums, _ = extract_numbers("J'ai dépensé 1 200 € et eu 15 clients sur 2 000 visiteurs", "fr")
    assert [(n.value, n.unit) for n in nums] == [(1200, "currency"), (15, None), (2000, None)]


def test_b2b_and_years_are_not_figures():
    nums, _ = extract_numbers("En 2024, notre PME B2B a eu 30 clients", "fr")
    assert [n.value for n in nums] == [30]


def test_ranges_keep_both_ends():
    nums, _ = extract_numbers("5 à 7 KPI", "fr")
    assert [n.value for n in nums] == [5, 7]


@pytest.mark.parametrize(("text", "value", "currency"), [("EUR 500", 500, "EUR"), ("USD 1,000", 1000, "USD"),
                                                         ("12k€", 12000, "EUR"), ("25€/lead", 25, "EUR")])
def test_currency_codes_before_or_after_the_amount(text, value, currency):
    nums, _ = extract_numbers(text, "en")
    assert [(n.value, n.currency) for n in nums] == [(value, currency)]


def test_a_multiple_per_period_is_a_frequency_and_a_numbered_thing_is_no_figure():
    from assistant.reader.numbers import extract_numbers

    def read_(text):
        return [(n.value, n.unit) for n in extract_numbers(text, "en")[0]]

    assert read_("a customer orders 3x a year") == [(3, None)]
    assert read_("ils achètent 2x par mois") == [(2, None)]
    assert read_("a ROAS of 4x") == [(4, "ratio")]
    assert read_("Newsletter #47 landed in 8,000 inboxes") == [(8000, None)]


def test_a_scale_word_after_digits_multiplies_instead_of_gluing_digits():
    from assistant.reader.numbers import extract_numbers

    assert [n.value for n in extract_numbers("my CAC is 1 billion €", "en")[0]] == [1e9]
    assert [n.value for n in extract_numbers("CA de 2 millions €", "fr")[0]] == [2e6]
    assert [n.value for n in extract_numbers("20 thousand visitors", "en")[0]] == [20000]


@pytest.mark.parametrize(("text", "figures"), [
    ("On avait 200 clients au 1er janvier, on en a perdu 10", [200, 10]),
    ("We had 500 customers in January and 460 in June", [500, 460]),
    ("Google Ads for Q3 2024: spent $2,340", [2340]),
    ("In 2024 we spent 45k", [45000]),
    ("Started 2024 with 200 clients", [200]),
    ("le 15/03/2024 on a fait 2 400 € de CA", [2400]),
    ("campagne lancée le 12/09 : 1 850 € dépensés", [1850]),
    ("ma déclaration du 3e trimestre", []),
    ("2024 visitors and 30 sales", [2024, 30]),
    ("March 17: 1,200 EUR and 15 customers", [1200, 15]),  # not a "17:1" ratio
    # a month before a space-grouped amount is not "November 12": the amount stays whole
    ("CA de novembre 12 345,00 €, 300 commandes", [12345, 300]),
    ("on November 12, 2024 we sent 300", [300]),
    ("en octobre 18,36 k€ de CA pour 612 commandes", [18360, 612]),
])
def test_dates_are_not_figures(text, figures):
    nums, _ = extract_numbers(text, "fr" if "é" in text or " le " in text else "en")
    assert [n.value for n in nums if not n.implicit] == figures


@pytest.mark.parametrize("text", ["je n'ai eu aucun client", "zéro client", "no customers at all", "pas de leads"])
def test_a_zero_said_in_words_is_a_figure_for_the_noun_after_it(text):
    nums, _ = extract_numbers(text, "fr")
    assert [(n.value, n.implicit) for n in nums] == [(0.0, True)]


def test_slang_amounts_are_money():
    nums, _ = extract_numbers("trois mille balles en Google Ads", "fr")
    assert [(n.value, n.unit, n.currency) for n in nums] == [(3000.0, "currency", "EUR")]


def test_per_thousand_is_the_cpms_unit_not_a_figure():
    from assistant.reader.numbers import words_to_digits

    assert words_to_digits("What does that come to per thousand impressions?", "en") == (
        "What does that come to per thousand impressions?")
    assert words_to_digits("le moins cher aux mille ? trois mille euros", "fr") == (
        "le moins cher aux mille ? 3000 euros")


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("127 sont revenues au moins une 2e fois", "fr", [127]),
    ("their 3rd order came from 40 customers", "en", [40]),
    ("au 3e trimestre 40 clients", "fr", [40]),
    ("le 1er achat à 50 €", "fr", [50]),
    ("each customer must cost no more than 25 €", "en", [25]),
    ("we spent 900 € and no customers came", "en", [900, 0]),
])
def test_ranks_and_bounds_are_not_figures(text, lang, values):
    """An ordinal is a rank ('une 2e fois'), 'no more than' a bound: neither is a figure of the question."""
    nums, _ = extract_numbers(text, lang)
    assert [n.value for n in nums] == values


def test_a_bare_dollar_beside_a_canadian_one_is_canadian():
    nums, _ = extract_numbers("budget de 6 000 $ CA, pas plus de 75 $ par élève, et 20 US$ de frais", "fr")
    assert [n.currency for n in nums] == ["CAD", "CAD", "USD"]


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("on en signe à peu près une sur quatre, un projet moyen", "fr", [(25.0, "%")]),
    ("we close one in four, avg deal 5k", "en", [(25.0, "%"), (5000.0, None)]),
    ("on signe 2 sur 10.", "fr", [(20.0, "%")]),
    ("30 ventes sur 1 000 visites", "fr", [(30.0, None), (1000.0, None)]),  # counts with their nouns stay counts
    ("3 sur 10 visiteurs", "fr", [(3.0, None), (10.0, None)]),
    ("au 1er sept 1.250 abonnees", "fr", [(1250.0, None)]),  # 'sept' after a day is September
    ("le 15 sept 2025 on a eu 40 clients", "fr", [(40.0, None)]),
    ("sept clients sur dix", "fr", [(7.0, None), (10.0, None)]),
])
def test_a_fraction_of_small_numbers_is_a_rate_and_sept_after_a_day_a_month(text, lang, values):
    nums, _ = extract_numbers(text, lang)
    assert [(n.value, n.unit) for n in nums] == values


@pytest.mark.parametrize(("text", "lang", "values"), [
    ("un client passe en moyenne deux commandes par an, un projet", "fr", [(2.0, None)]),  # 'un' stays an article
    ("on en gagne une sur quatre en général, contrat moyen 9 000 €", "fr", [(25.0, "%"), (9000.0, "currency")]),
    ("keep a three-to-one LTV to CAC ratio", "en", [(3.0, "ratio")]),
    ("un ratio de trois pour un", "fr", [(3.0, "ratio")]),
    ("from 3 to 1 customers", "en", [(3.0, None), (1.0, None)]),  # digits with spaces may be a range
])
def test_small_numbers_in_words_and_ratios_said_in_words(text, lang, values):
    nums, _ = extract_numbers(text, lang)
    assert [(n.value, n.unit) for n in nums] == values
