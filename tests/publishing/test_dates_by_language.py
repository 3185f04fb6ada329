"""Dates read as readers of each shipped language write them."""

import datetime

import pytest
from django.utils import translation

from publishing import formatting

DAY = datetime.date(2025, 6, 14)
NOON = datetime.datetime(2025, 6, 14, 12, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "day", "month"),
    [
        ("en-gb", "14 June 2025", "June 2025"),
        ("es", "14 de junio de 2025", "junio de 2025"),
        ("pt", "14 de Junho de 2025", "Junho de 2025"),
        ("uk", "14 червня 2025 р.", "Червень 2025"),
        ("ru", "14 июня 2025 г.", "Июнь 2025 г."),
        ("pl", "14 czerwca 2025", "Czerwiec 2025"),
        ("ar", "14 يونيو، 2025", "يونيو 2025"),
    ],
)
def test_a_day_and_a_month_in_each_language(language, day, month):
    with translation.override(language):
        assert formatting.date(DAY) == day
        assert formatting.iso_and_date(NOON)[1] == day
        assert formatting.date(DAY, "F Y") == month
