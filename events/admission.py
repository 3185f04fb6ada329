"""What entry to an event costs: the currency codes an event's price may be in, and how
a price reads on the page (“€5.00”, “CHF 20.00”), without a locale library.

A price is stored as a `Decimal` with its ISO 4217 code; the site's default currency is
the setting `PLACARD_CURRENCY`.
"""

import decimal
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ADMISSION_HELP = _(
    "Leave “Not stated” if you would rather not say: search engines then show no price."
)
CURRENCY_CODE_HELP = _("Three letters (ISO 4217): EUR, GBP, USD, CHF… Empty: the site's currency.")
NEGATIVE_PRICE = _("A price cannot be negative: enter 0 or more, or choose “Free”.")
CURRENCY_CODE = re.compile(r"[A-Z]{3}")

# Symbols written before the amount with no space, as readers of these currencies
# expect; any other currency is written with its code ("CHF 20.00"), which is never
# ambiguous. The dollar sign alone would be: only the US dollar gets it.
SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "JPY": "¥", "INR": "₹", "ILS": "₪",
           "KRW": "₩", "NGN": "₦", "PHP": "₱", "TRY": "₺", "UAH": "₴", "VND": "₫"}  # fmt: skip
# Currencies with no minor unit (ISO 4217 exponent 0): no decimals.
WHOLE_UNITS = frozenset({"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG",
                         "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"})  # fmt: skip


def validate_currency_code(value):
    if value and not CURRENCY_CODE.fullmatch(value):
        raise ValidationError(
            _("Enter a currency as three capital letters, such as EUR, GBP or USD."),
            code="currency",
        )


def default_currency():
    return settings.PLACARD_CURRENCY


def price_text(price, currency):
    """The amount alone, as schema.org wants it: digits and a dot ("5.00", "500")."""
    places = decimal.Decimal(1) if currency in WHOLE_UNITS else decimal.Decimal("0.01")
    return str(decimal.Decimal(price).quantize(places, rounding=decimal.ROUND_HALF_UP))


def format_price(price, currency):
    """“€5.00”, “£12.50”, “¥500”, or the code before the amount: “CHF 20.00”."""
    amount = price_text(price, currency)
    whole, _dot, cents = amount.partition(".")
    # Thousands apart with a thin space, which no reader misreads as a decimal mark.
    grouped = f"{int(whole):,}".replace(",", "\u202f")
    amount = f"{grouped}.{cents}" if cents else grouped
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{currency} {amount}"
