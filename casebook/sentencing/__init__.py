"""Release-date engine (pure; no storage, no Qt): `calculate(booking)`. Module layout in README.md here."""

from casebook.sentencing.engine import calculate
from casebook.sentencing.model import (
    AdjustmentIn,
    BookingIn,
    CalculationResult,
    DateResult,
    InvalidBooking,
    NotSupported,
    SentenceIn,
    Working,
)

__all__ = [
    "AdjustmentIn",
    "BookingIn",
    "CalculationResult",
    "DateResult",
    "InvalidBooking",
    "NotSupported",
    "SentenceIn",
    "Working",
    "calculate",
]
