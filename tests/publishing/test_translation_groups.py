"""Translations of one text form a group around its original, whatever the content type."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from statements.models import Statement
from tests.factories import ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_a_translation_of_a_translation_joins_the_originals_group():
    original = ArticleFactory(title="Rent strike spreads", language="en-gb")
    spanish = ArticleFactory(title="La huelga se extiende", language="es", translation_of=original)
    ukrainian = ArticleFactory(title="Страйк поширюється", language="uk", translation_of=spanish)

    assert ukrainian.translation_of_id == original.pk
    assert spanish.translation_root_id == original.pk == original.translation_root_id
    group = {item.title for item in ukrainian.translation_group()}
    assert group == {"Rent strike spreads", "La huelga se extiende", "Страйк поширюється"}
    assert set(original.translations.values_list("language", flat=True)) == {"es", "uk"}


def test_a_translation_in_the_originals_language_is_refused():
    original = StatementFactory(language="en-gb")
    copy = Statement(title="Copy", language="en", translation_of=original)

    with pytest.raises(ValidationError) as refused:
        copy.clean()

    assert "another language than its original" in str(refused.value.message_dict["language"])


def test_a_second_translation_into_one_language_is_refused_by_name():
    original = StatementFactory(language="en-gb")
    StatementFactory(title="Declaración de Roma", language="es", translation_of=original)
    second = Statement(title="Otra", language="es", translation_of=original)

    with pytest.raises(ValidationError) as refused:
        second.clean()

    assert "“Declaración de Roma” already translates" in refused.value.message_dict["language"][0]


def test_a_later_change_to_the_original_flags_the_translation_until_it_catches_up():
    original = ArticleFactory(language="en-gb")
    spanish = ArticleFactory(language="es", translation_of=original)
    assert spanish.source_updated_at == original.updated_at
    assert not spanish.needs_retranslation

    original.body = "<p>A paragraph added after the translation.</p>"
    original.save()
    spanish.refresh_from_db()
    assert spanish.needs_retranslation

    spanish.mark_translation_current()
    spanish.save()
    spanish.refresh_from_db()
    assert not spanish.needs_retranslation


def test_an_original_is_never_flagged():
    original = ArticleFactory(language="en-gb")
    original.updated_at += datetime.timedelta(days=1)

    assert not original.needs_retranslation
