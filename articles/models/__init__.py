"""Models of the articles app: articles with their authors and sections; statements with
their endorsements."""

from .article import Article, ArticleQuerySet, Author, Byline, Section, prefetch_bylines
from .statement import Endorsement, EndorsementQuerySet, Statement

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Author",
    "Byline",
    "Endorsement",
    "EndorsementQuerySet",
    "Section",
    "Statement",
    "prefetch_bylines",
]
