"""Value types for the figures: a ratio that knows when it does not apply, and Chinese number formats."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, gettext as _


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator; with a zero denominator the ratio is "not applicable", never 0 % or 100 %."""

    numerator: int | Decimal
    denominator: int | Decimal

    @property
    def applicable(self) -> bool:
        return bool(self.denominator)

    @property
    def value(self) -> Decimal | None:
        if not self.applicable:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> Decimal | None:
        """The percentage rounded to one decimal, as reports quote it."""
        if not self.applicable:
            return None
        return (self.value * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        return format_percent(self)


def format_percent(ratio: Ratio) -> str:
    """86.8%, and 100% rather than 100.0%: a whole rate is written without its decimal."""
    if not ratio.applicable:
        return _("不适用")
    percent = ratio.percent
    return f"{percent.to_integral_value() if percent == percent.to_integral_value() else percent}%"


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def format_yuan(amount: Decimal | int | None) -> str:
    """Money as Chinese reports write it: 3.1万元 from 10 000 元 on, otherwise whole 元
    (in English: 158,000 yuan)."""
    amount = Decimal(amount or 0)
    if not _chinese():
        return _("%(amount)s元") % {"amount": f"{amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP).normalize():,f}"}
    if amount >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        return _("%(amount)s万元") % {"amount": _plain(wan)}
    return _("%(amount)s元") % {"amount": _plain(amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize())}


def format_people(count: int) -> str:
    """1.8万人, 1.92万人 from 10 000 on (the figure's precision kept to two decimals of 万),
    otherwise the exact count (in English: 18,000 people)."""
    if not _chinese():
        return _("%(count)s人") % {"count": f"{count:,}"}
    if count >= 10000:
        wan = (Decimal(count) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        return _("%(count)s万人") % {"count": _plain(wan)}
    return _("%(count)s人") % {"count": count}


def _plain(number: Decimal) -> str:
    """Decimal without exponent notation (Decimal('1E+1').normalize() would print 1E+1)."""
    return f"{number:f}"
