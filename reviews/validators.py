"""Points on the rubric's grid: every score, bonus and rubric value is a whole or half point."""
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

GRID = Decimal("0.5")


def on_grid(value: Decimal) -> bool:
    return value % GRID == 0


def to_grid(value: Decimal) -> Decimal:
    """The nearest value on the grid, a quarter point rounded up (3.9 → 4, 5.04 → 5)."""
    return (value / GRID).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * GRID


def validate_on_grid(value: Decimal | None) -> None:
    if value is not None and value.is_finite() and not on_grid(value):
        raise ValidationError(_("须以0.5分为单位，如 4 或 4.5。"), code="off_grid")
